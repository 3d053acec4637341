"""WhatsApp templates: synced from the Graph API (a fake one on loopback), and sent on a
ticket outside the 24-hour window with the ticket's values in their variables."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from src.models import Mensagem
from src.models.base import utcnow
from tests.canais import whatsapp_fake as meta
from tests.canais.graph_fake import canal_apontando_para, entregar, graph_no_ar

CLIENTE = "5511987654321"
LEMBRETE = {
    "name": "lembrete_fatura",
    "language": "pt_BR",
    "status": "APPROVED",
    "category": "UTILITY",
    "components": [
        {"type": "HEADER", "format": "TEXT", "text": "Fatura {{1}}"},
        {"type": "BODY", "text": "Olá {{1}}, sua fatura vence em {{2}}."},
        {"type": "FOOTER", "text": "Central de Atendimento"},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "QUICK_REPLY", "text": "Já paguei"},
                {"type": "URL", "text": "Ver fatura", "url": "https://loja.com.br/f/{{1}}"},
            ],
        },
    ],
}
RASCUNHO = {**LEMBRETE, "name": "promocao", "status": "PENDING"}
SIMPLES = {
    "name": "retomar_conversa",
    "language": "pt_BR",
    "status": "APPROVED",
    "category": "UTILITY",
    "components": [{"type": "BODY", "text": "Oi {{1}}! Podemos continuar seu atendimento?"}],
}


@pytest.fixture
async def graph():
    async with graph_no_ar() as fake:
        fake.modelos = [LEMBRETE, RASCUNHO, SIMPLES]
        yield fake


@pytest.fixture
async def canal(client, graph):
    dados = await canal_apontando_para(client, graph)
    await client.patch(
        f"/canais/{dados['id']}", json={"config": {"waba_id": "123456789"}}, headers=dados["admin"]
    )
    return dados


async def _chamado_de_ontem(app, client, db, canal) -> int:
    mensagem = meta.texto("wamid.IN1", CLIENTE, "minha internet caiu")
    await entregar(
        client, canal, mensagens=[mensagem], contatos=[meta.contato(CLIENTE, "Maria Souza")]
    )
    await app.state.worker.rodada()
    await db.execute(update(Mensagem).values(data_criacao=utcnow() - timedelta(hours=30)))
    await db.commit()
    return (await client.get("/chamados/", headers=canal["admin"])).json()[0]["id"]


async def test_templates_are_synced_from_meta_page_by_page(client, canal, graph):
    url = f"/canais/{canal['id']}/modelos"
    assert (await client.get(url, headers=canal["admin"])).json() == []
    lidos = (await client.get(url, params={"atualizar": "true"}, headers=canal["admin"])).json()
    assert {(m["nome"], m["status"]) for m in lidos} == {
        ("lembrete_fatura", "APPROVED"),
        ("promocao", "PENDING"),
        ("retomar_conversa", "APPROVED"),
    }
    lembrete = next(m for m in lidos if m["nome"] == "lembrete_fatura")
    assert lembrete["variaveis"] == {"cabecalho": 1, "corpo": 2, "botoes": 1}

    graph.modelos = [SIMPLES]  # one was deleted at Meta
    lidos = (await client.get(url, params={"atualizar": "true"}, headers=canal["admin"])).json()
    assert [m["nome"] for m in lidos] == ["retomar_conversa"]


async def test_outside_the_window_a_template_goes_out_with_the_tickets_values(
    app, client, db, canal, graph
):
    chamado_id = await _chamado_de_ontem(app, client, db, canal)
    await client.get(
        f"/canais/{canal['id']}/modelos", params={"atualizar": "true"}, headers=canal["admin"]
    )
    livre = await client.post(
        f"/chamados/{chamado_id}/mensagens", json={"mensagem": "oi?"}, headers=canal["admin"]
    )
    assert livre.status_code == 422

    body = {
        "nome": "lembrete_fatura",
        "cabecalho": ["{{chamado.id}}"],
        "corpo": ["{{cliente.nome}}", "10/12"],
        "botoes": ["abc123"],
    }
    enviado = await client.post(
        f"/chamados/{chamado_id}/modelo-whatsapp", json=body, headers=canal["admin"]
    )
    assert enviado.status_code == 201, enviado.text
    assert enviado.json()["mensagem"] == (
        f"Fatura {chamado_id}\n\nOlá Maria Souza, sua fatura vence em 10/12."
        "\n\nCentral de Atendimento"
    )
    await app.state.worker.rodada()
    modelo = next(m for m in graph.recebidas if m["type"] == "template")
    assert modelo["to"] == CLIENTE
    assert modelo["template"] == {
        "name": "lembrete_fatura",
        "language": {"code": "pt_BR"},
        "components": [
            {"type": "header", "parameters": [{"type": "text", "text": str(chamado_id)}]},
            {
                "type": "body",
                "parameters": [
                    {"type": "text", "text": "Maria Souza"},
                    {"type": "text", "text": "10/12"},
                ],
            },
            {
                "type": "button",
                "sub_type": "url",
                "index": "1",
                "parameters": [{"type": "text", "text": "abc123"}],
            },
        ],
    }
    thread = (await client.get(f"/chamados/{chamado_id}/mensagens", headers=canal["admin"])).json()
    assert thread[-1]["status_entrega"] == "enviada"


async def test_unknown_unapproved_and_miscounted_templates_are_refused(app, client, db, canal):
    chamado_id = await _chamado_de_ontem(app, client, db, canal)
    await client.get(
        f"/canais/{canal['id']}/modelos", params={"atualizar": "true"}, headers=canal["admin"]
    )
    url = f"/chamados/{chamado_id}/modelo-whatsapp"
    casos = [
        ({"nome": "nao_existe"}, 404, "modelo_nao_encontrado"),
        ({"nome": "promocao"}, 409, "modelo_nao_aprovado"),
        ({"nome": "retomar_conversa", "corpo": []}, 422, "parametros_do_modelo"),
    ]
    for body, status, code in casos:
        resposta = await client.post(url, json=body, headers=canal["admin"])
        assert (resposta.status_code, resposta.json()["code"]) == (status, code), body
