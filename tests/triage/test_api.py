"""The triage as the API exposes it: classification without a ticket, the catalog, and the
triage fields stored on every chamado."""

import pytest

from src.models import Chamado
from tests.factories import create_chamado, create_cliente, signup

CATALOG_INTENTS = {
    "documento", "gerenciamento_plano", "problema_tecnico", "agradecimento", "pagamento",
    "cancelamento", "reclamacao", "atendimento_humano", "cadastro", "saudacao", "geral",
    "pagamento_nao_compensado", "cobranca_indevida", "fraude", "acesso", "sem_conexao",
    "lentidao", "equipamento", "app_site", "pedido_entrega", "ameaca_juridica", "lgpd", "vazio",
}  # fmt: skip


async def test_classificar_answers_routine_requests_without_creating_a_ticket(client, db):
    headers = await signup(client)
    response = await client.post(
        "/triagem/classificar", json={"mensagem": "segunda via boleto"}, headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["intencao"] == "documento"
    assert body["resolveria_automaticamente"] is True
    # the answer carries the empresa's own link (tests/conftest.py sets the default's)
    assert "https://minhaempresa.com.br/segunda-via" in body["resposta"]
    assert "{{" not in body["resposta"]
    assert body["prioridade"] == "baixa"
    assert body["motivos_prioridade"] == [
        {"motivo": "intencao", "trecho": "documento", "prioridade": "baixa"}
    ]
    assert body["confianca"] >= 0.7
    assert body["segunda_intencao"] != "documento"
    assert body["backend"] == "local"
    metricas = (await client.get("/metricas/", headers=headers)).json()
    assert metricas["total_chamados"] == 0


async def test_classificar_hands_off_an_ambiguous_message(client):
    headers = await signup(client)
    response = await client.post(
        "/triagem/classificar", json={"mensagem": "xpto qwerty"}, headers=headers
    )
    body = response.json()
    assert body["resolveria_automaticamente"] is False
    assert body["resposta"].startswith("👋 Obrigado pelo contato!")


async def test_classificar_requires_a_token_and_a_valid_message(client):
    assert (await client.post("/triagem/classificar", json={"mensagem": "oi"})).status_code == 401
    headers = await signup(client)
    empty = await client.post("/triagem/classificar", json={"mensagem": " "}, headers=headers)
    assert empty.status_code == 422


async def test_catalog_lists_every_intent_with_its_policy(client):
    headers = await signup(client)
    response = await client.get("/triagem/intencoes", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["backend"] == "local"
    assert body["intencao_padrao"] == "geral"
    assert body["versao"]
    by_name = {intencao["nome"]: intencao for intencao in body["intencoes"]}
    assert set(by_name) == CATALOG_INTENTS
    assert by_name["documento"]["resposta_automatica"] is True
    assert by_name["problema_tecnico"]["prioridade"] == "alta"
    assert by_name["problema_tecnico"]["resposta_automatica"] is False
    assert all(
        intencao["exemplos"] for nome, intencao in by_name.items() if nome not in ("geral", "vazio")
    )
    assert by_name["saudacao"]["conversa"] is True


async def test_chamado_stores_who_decided_and_how_sure_it_was(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    criado = await create_chamado(client, headers, cliente, "quero cancelar minha assinatura")
    row = await db.get(Chamado, criado["chamado_id"])
    catalog = (await client.get("/triagem/intencoes", headers=headers)).json()
    assert row.intencao == criado["intencao"] == "cancelamento"
    assert row.triagem_backend == "local"
    assert row.versao_catalogo == catalog["versao"]
    assert 0 < row.confianca <= 1
    assert abs(row.confianca - criado["confianca"]) < 1e-6
    exposed = (await client.get(f"/chamados/{row.id}", headers=headers)).json()
    assert exposed["triagem_backend"] == "local"


async def test_metrics_by_intent_report_volume_and_automatic_rate(client):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    await create_chamado(client, headers, cliente, "segunda via boleto")
    await create_chamado(client, headers, cliente, "meu sistema está com erro grave")
    await create_chamado(client, headers, cliente, "preciso da 2a via da fatura deste mês")
    por_intencao = (await client.get("/metricas/por-intencao", headers=headers)).json()
    assert por_intencao["documento"] == {
        "total": 2,
        "resolvidos_automaticamente": 2,
        "taxa_resolucao": "100.0%",
    }
    assert por_intencao["problema_tecnico"]["taxa_resolucao"] == "0.0%"


NOTHING_TO_CLASSIFY = ["😀" * 5000, "?!... --- !!!", "👍🏽 🙏 ❤️"]


@pytest.mark.parametrize("mensagem", NOTHING_TO_CLASSIFY, ids=["emoji", "pontuacao", "misto"])
async def test_classificar_asks_what_a_message_without_words_needs(client, mensagem):
    headers = await signup(client)
    response = await client.post(
        "/triagem/classificar", json={"mensagem": mensagem}, headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["resolveria_automaticamente"] is False
    assert body["encaminharia"] is False
    assert body["conversa"] is True
    assert body["intencao"] == "vazio"
    assert body["resposta"].startswith("Não consegui entender sua mensagem")


@pytest.mark.parametrize("mensagem", NOTHING_TO_CLASSIFY, ids=["emoji", "pontuacao", "misto"])
async def test_chamado_without_words_waits_on_the_customer(client, db, mensagem):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    criado = await create_chamado(client, headers, cliente, mensagem)
    assert criado["resolvido_automaticamente"] is False
    assert criado["encaminhado_para_humano"] is False
    assert criado["status"] == "aguardando_cliente"
    assert criado["intencao"] == "vazio"
    row = await db.get(Chamado, criado["chamado_id"])
    assert row.mensagem == mensagem
