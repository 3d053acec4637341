"""Full-text search over tickets' messages (`q=`), on both databases."""

import pytest

from src.chamados import repository
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


@pytest.fixture
def janela_pequena(monkeypatch):
    """PostgreSQL looks among the newest JANELA_BUSCA tickets first; a window of 2 makes both
    steps (window filled, then the index) run on a handful of tickets."""
    monkeypatch.setattr(repository, "JANELA_BUSCA", 2)
    repository._page_orm.cache_clear()
    yield
    repository._page_orm.cache_clear()


async def test_old_matches_are_found_past_the_newest_tickets(client, desk, janela_pequena):
    headers, cliente_id = desk
    antigos = [
        (await create_chamado(client, headers, cliente_id, f"o roteador {n} não liga"))[
            "chamado_id"
        ]
        for n in range(3)
    ]
    for n in range(3):  # newer tickets without the word fill the window
        await create_chamado(client, headers, cliente_id, f"preciso de ajuda com o cadastro {n}")
    novos = [
        (await create_chamado(client, headers, cliente_id, f"roteador {n} queimou"))["chamado_id"]
        for n in range(2)
    ]
    esperado = [*reversed(novos), *reversed(antigos)]
    assert await _busca(client, headers, q="roteador") == esperado
    for skip in range(len(esperado)):  # every page, whichever step answers it
        pagina = await _busca(client, headers, q="roteador", skip=skip, limit=2)
        assert pagina == esperado[skip : skip + 2]
