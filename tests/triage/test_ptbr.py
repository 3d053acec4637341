"""Issue 12: what a Brazilian support lead expects of the triage, through the API."""

import pytest

from src.models import Chamado
from tests.factories import create_chamado, create_cliente, signup

# (message, intent, answered automatically, handed to a person, minimum priority)
TABELA = [
    ("paguei o boleto ontem e ainda aparece em aberto", "pagamento_nao_compensado",
     False, True, "média"),
    ("não reconheço essa compra na minha fatura", "cobranca_indevida", False, True, "alta"),
    ("fui cobrado indevidamente no cartão de crédito", "cobranca_indevida", False, True, "alta"),
    ("não consigo acessar minha conta, esqueci a senha", "acesso", True, False, "média"),
    ("vou no procon se não resolverem hoje", "ameaca_juridica", False, True, "alta"),
    ("já acionei meu advogado", "ameaca_juridica", False, True, "alta"),
    ("2 via", "documento", True, False, "baixa"),
    ("bom dia! preciso de ajuda", "saudacao", False, False, "baixa"),
]  # fmt: skip
ORDEM = ("baixa", "média", "alta")


@pytest.mark.parametrize(("mensagem", "intencao", "automatica", "pessoa", "minima"), TABELA)
async def test_the_issue_table_reads_right(client, mensagem, intencao, automatica, pessoa, minima):
    headers = await signup(client)
    response = await client.post(
        "/triagem/classificar", json={"mensagem": mensagem}, headers=headers
    )
    body = response.json()
    assert body["resolveria_automaticamente"] is automatica
    assert body["encaminharia"] is pessoa
    assert ORDEM.index(body["prioridade"]) >= ORDEM.index(minima)
    if intencao != "cobranca_indevida":  # the card charge may rank second: still a person, alta
        assert body["intencao"] == intencao
    assert "Clique aqui" not in body["resposta"]
    assert "{{" not in body["resposta"]


async def test_legal_threat_says_why_it_is_urgent(client):
    headers = await signup(client)
    body = (
        await client.post(
            "/triagem/classificar",
            json={"mensagem": "JÁ É A TERCEIRA VEZ que peço a segunda via, vou no Procon!!!"},
            headers=headers,
        )
    ).json()
    motivos = {m["motivo"]: m for m in body["motivos_prioridade"]}
    assert body["prioridade"] == "alta"
    assert body["encaminharia"] is True
    assert motivos["ameaca_juridica"]["trecho"] == "procon"
    assert motivos["repeticao"]["trecho"] == "terceira vez"


async def test_without_the_link_the_request_goes_to_a_person(client, db):
    headers = await signup(client)  # the first account is the admin
    assert (
        await client.patch("/empresas/atual", json={"links": {}}, headers=headers)
    ).status_code == 200
    cliente = (await create_cliente(client, headers))["id"]
    criado = await create_chamado(client, headers, cliente, "segunda via do boleto")
    assert criado["resolvido_automaticamente"] is False
    assert criado["encaminhado_para_humano"] is True
    assert "minhaempresa" not in criado["resposta"]
    link = "https://loja.com.br/boletos"
    response = await client.patch(
        "/empresas/atual", json={"links": {"segunda_via": link}}, headers=headers
    )
    assert response.json()["links"] == {"segunda_via": link}
    criado = await create_chamado(client, headers, cliente, "segunda via do boleto")
    assert criado["resolvido_automaticamente"] is True
    assert criado["resposta"].endswith(link)


async def test_a_link_must_be_a_full_address(client):
    headers = await signup(client)  # the first account is the admin
    response = await client.patch(
        "/empresas/atual", json={"links": {"segunda_via": "javascript:alert(1)"}}, headers=headers
    )
    assert response.status_code == 422
    response = await client.patch(
        "/empresas/atual", json={"links": {"outro": "https://x.com.br"}}, headers=headers
    )
    assert response.status_code == 422


async def test_a_greeting_waits_then_takes_the_next_message_triage(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    criado = await create_chamado(client, headers, cliente, "bom dia! preciso de ajuda")
    assert criado["status"] == "aguardando_cliente"
    assert (criado["resolvido_automaticamente"], criado["encaminhado_para_humano"]) == (
        False,
        False,
    )
    metricas = (await client.get("/metricas/", headers=headers)).json()
    assert metricas["chamados_resolvidos_automaticamente"] == 0

    url = f"/chamados/{criado['chamado_id']}"
    seguinte = {"mensagem": "quero a 2 via do boleto", "remetente": "cliente"}
    assert (
        await client.post(f"{url}/mensagens", json=seguinte, headers=headers)
    ).status_code == 201
    chamado = (await client.get(url, headers=headers)).json()
    assert (chamado["status"], chamado["intencao"]) == ("resolvido", "documento")
    assert chamado["resolvido_automaticamente"] is True
    thread = (await client.get(f"{url}/mensagens", headers=headers)).json()
    assert [m["autor_tipo"] for m in thread] == ["cliente", "bot", "cliente", "bot"]
    assert thread[-1]["mensagem"].endswith("https://minhaempresa.com.br/segunda-via")
    eventos = [e["tipo"] for e in (await client.get(f"{url}/eventos", headers=headers)).json()]
    assert "triagem_adotada" in eventos
    metricas = (await client.get("/metricas/", headers=headers)).json()
    assert metricas["chamados_resolvidos_automaticamente"] == 1
    por_intencao = (await client.get("/metricas/por-intencao", headers=headers)).json()
    assert "saudacao" not in por_intencao or por_intencao["saudacao"]["total"] == 0
    row = await db.get(Chamado, criado["chamado_id"])
    assert row.data_primeira_resposta is not None


async def test_a_greeting_followed_by_a_problem_goes_to_the_queue(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    criado = await create_chamado(client, headers, cliente, "oi, boa tarde")
    url = f"/chamados/{criado['chamado_id']}"
    seguinte = {"mensagem": "minha internet caiu e não volta", "remetente": "cliente"}
    await client.post(f"{url}/mensagens", json=seguinte, headers=headers)
    chamado = (await client.get(url, headers=headers)).json()
    assert (chamado["status"], chamado["encaminhado_para_humano"]) == ("aberto", True)
    assert chamado["prioridade"] == "alta"
    assert chamado["motivos_prioridade"][0]["motivo"] == "intencao"
    metricas = (await client.get("/metricas/por-status", headers=headers)).json()
    assert metricas.get("aguardando_cliente", 0) == 0
    assert metricas["aberto"] == 1
