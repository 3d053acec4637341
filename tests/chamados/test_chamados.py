from datetime import datetime

import pytest
from sqlalchemy import select

from src.models import Chamado, Mensagem
from tests.factories import create_chamado, create_cliente, signup

CHAMADO_FIELDS = {
    "id", "cliente_id", "canal", "mensagem", "status", "resposta_automatica",
    "encaminhado_para_humano", "data_criacao",
}  # fmt: skip
CRIADO_FIELDS = {
    "chamado_id", "cliente_id", "canal", "resposta", "resolvido_automaticamente", "prioridade",
    "encaminhado_para_humano", "data_criacao",
}  # fmt: skip


@pytest.fixture
async def operador(client):
    headers = await signup(client)
    cliente = await create_cliente(client, headers)
    return headers, cliente["id"]


async def test_segunda_via_is_answered_automatically(client, db, operador):
    headers, cliente_id = operador
    response = await client.post(
        "/chamados/",
        json={"cliente_id": cliente_id, "canal": "whatsapp", "mensagem": "segunda via boleto"},
        headers=headers,
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) >= CRIADO_FIELDS
    assert body["resolvido_automaticamente"] is True
    assert body["encaminhado_para_humano"] is False
    assert body["resposta"].startswith("📄 Você pode emitir a segunda via")
    assert body["resposta"].endswith("https://minhaempresa.com.br/segunda-via")
    assert body["prioridade"] == "baixa"
    row = await db.get(Chamado, body["chamado_id"])
    assert row.status == "resolvido"
    assert row.intencao == "documento"
    assert row.prioridade == "baixa"
    assert row.user_id is not None
    assert row.data_primeira_resposta >= row.data_criacao


async def test_serious_error_goes_to_a_human_with_high_priority(client, db, operador):
    headers, cliente_id = operador
    body = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    assert body["resolvido_automaticamente"] is False
    assert body["encaminhado_para_humano"] is True
    assert body["prioridade"] == "alta"
    row = await db.get(Chamado, body["chamado_id"])
    assert (row.status, row.intencao, row.data_primeira_resposta) == (
        "aberto",
        "problema_tecnico",
        None,
    )


async def test_unknown_cliente_is_404_and_nothing_is_stored(client, db, operador):
    headers, _ = operador
    response = await client.post(
        "/chamados/", json={"cliente_id": 999, "canal": "site", "mensagem": "oi"}, headers=headers
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "Cliente não encontrado"
    assert (await db.scalars(select(Chamado))).all() == []


async def test_get_chamado_exposes_contract_fields_and_triage(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "segunda via da fatura")
    response = await client.get(f"/chamados/{criado['chamado_id']}", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= CHAMADO_FIELDS
    assert body["mensagem"] == "segunda via da fatura"
    assert body["intencao"] == "documento"
    assert body["prioridade"] == "baixa"
    assert 0 < body["confianca"] <= 1
    assert body["triagem_backend"]
    missing = await client.get("/chamados/4242", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Chamado não encontrado"


async def test_list_is_newest_first_and_filters(client, operador):
    headers, cliente_id = operador
    a = await create_chamado(client, headers, cliente_id, "segunda via boleto", canal="email")
    b = await create_chamado(client, headers, cliente_id, "erro no sistema", canal="whatsapp")
    c = await create_chamado(client, headers, cliente_id, "segunda via fatura", canal="whatsapp")
    ids = lambda response: [item["id"] for item in response.json()]  # noqa: E731
    everything = await client.get("/chamados/", headers=headers)
    assert ids(everything) == [c["chamado_id"], b["chamado_id"], a["chamado_id"]]
    whatsapp = await client.get("/chamados/?canal=whatsapp", headers=headers)
    assert ids(whatsapp) == [c["chamado_id"], b["chamado_id"]]
    abertos = await client.get("/chamados/?status_filtro=aberto", headers=headers)
    assert ids(abertos) == [b["chamado_id"]]
    both = await client.get("/chamados/?status_filtro=resolvido&canal=email", headers=headers)
    assert ids(both) == [a["chamado_id"]]
    paged = await client.get("/chamados/?skip=1&limit=1", headers=headers)
    assert ids(paged) == [b["chamado_id"]]


async def test_list_by_cliente(client, operador):
    headers, cliente_id = operador
    outro = (await create_cliente(client, headers))["id"]
    mine = [await create_chamado(client, headers, cliente_id) for _ in range(2)]
    await create_chamado(client, headers, outro)
    response = await client.get(f"/chamados/cliente/{cliente_id}", headers=headers)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [
        mine[1]["chamado_id"],
        mine[0]["chamado_id"],
    ]
    missing = await client.get("/chamados/cliente/999", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Cliente não encontrado"


async def test_update_status(client, db, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "erro no app")
    chamado_id = criado["chamado_id"]
    response = await client.put(f"/chamados/{chamado_id}?novo_status=resolvido", headers=headers)
    assert response.status_code == 200
    assert response.json()["status"] == "resolvido"
    row = await db.get(Chamado, chamado_id)
    assert row.status == "resolvido"
    assert row.data_atualizacao > datetime.fromisoformat(criado["data_criacao"])

    invalid = await client.put(f"/chamados/{chamado_id}?novo_status=fechado", headers=headers)
    assert invalid.status_code == 400
    assert invalid.json()["detail"] == (
        "Status inválido. Deve ser um de: ['aberto', 'resolvido', 'encaminhado']"
    )
    missing = await client.put("/chamados/999?novo_status=aberto", headers=headers)
    assert missing.status_code == 404


async def test_operator_reply_is_the_first_answer(client, db, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "erro ao entrar no app")
    chamado_id = criado["chamado_id"]
    reply = await client.post(
        f"/chamados/{chamado_id}/respostas",
        json={"mensagem": "Corrigimos o acesso, pode tentar de novo."},
        headers=headers,
    )
    assert reply.status_code == 201
    listed = await client.get(f"/chamados/{chamado_id}/respostas", headers=headers)
    assert [item["id"] for item in listed.json()] == [reply.json()["id"]]
    row = await db.get(Chamado, chamado_id)
    assert row.data_primeira_resposta is not None
    do_atendente = select(Mensagem).where(Mensagem.autor_tipo == "atendente")
    assert len((await db.scalars(do_atendente)).all()) == 1
    missing = await client.post("/chamados/999/respostas", json={"mensagem": "x"}, headers=headers)
    assert missing.status_code == 404
