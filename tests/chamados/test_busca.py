"""Full-text search over tickets' messages (`q=`), on both databases."""

import pytest

from tests.factories import create_chamado, create_cliente, signup


@pytest.fixture
async def desk(client):
    headers = await signup(client)
    cliente = await create_cliente(client, headers)
    return headers, cliente["id"]


async def _busca(client, headers, **params):
    response = await client.get("/chamados/", params={"limit": 100, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()]


async def test_search_finds_words_in_any_message_of_the_thread(client, desk, database_url):
    headers, cliente_id = desk
    boleto = await create_chamado(client, headers, cliente_id, "Não recebi a fatura de março")
    internet = await create_chamado(client, headers, cliente_id, "minha internet caiu de novo")
    # A later message of the thread counts too, and so does a note.
    await client.post(
        f"/chamados/{internet['chamado_id']}/mensagens",
        json={"mensagem": "o roteador pisca vermelho", "remetente": "cliente"},
        headers=headers,
    )
    await client.post(
        f"/chamados/{boleto['chamado_id']}/mensagens",
        json={"mensagem": "cliente pediu desconto", "interna": True},
        headers=headers,
    )
    assert await _busca(client, headers, q="fatura") == [boleto["chamado_id"]]
    assert await _busca(client, headers, q="roteador") == [internet["chamado_id"]]
    assert await _busca(client, headers, q="desconto") == [boleto["chamado_id"]]
    assert await _busca(client, headers, q="nao recebi") == [boleto["chamado_id"]]  # accents
    assert await _busca(client, headers, q="fatura roteador") == []  # every word
    assert await _busca(client, headers, q="!!! ???") == []
    assert await _busca(client, headers, q='" OR * NEAR(') == []  # no query syntax leaks
    aberto = [boleto["chamado_id"]] if boleto["status"] == "aberto" else []
    assert await _busca(client, headers, q="fatura", status_filtro="aberto") == aberto
    assert await _busca(client, headers, q="fatura", status_filtro=boleto["status"]) == [
        boleto["chamado_id"]
    ]
    if database_url.startswith("postgresql"):
        # Portuguese stems: the plural finds the singular.
        assert await _busca(client, headers, q="faturas") == [boleto["chamado_id"]]


async def test_search_rejects_empty_and_oversized_queries(client, desk):
    headers, _ = desk
    for q in ("", "x" * 201):
        response = await client.get("/chamados/", params={"q": q}, headers=headers)
        assert response.status_code == 422
