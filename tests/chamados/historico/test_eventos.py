"""A ticket's history: every change, with who made it (none: the system) and when."""

import pytest

from tests.factories import create_chamado, create_cliente, signup


@pytest.fixture
async def operador(client):
    headers = await signup(client)
    cliente = await create_cliente(client, headers)
    return headers, cliente["id"]


async def test_operator_changes_are_recorded_with_who_made_them(client, operador):
    headers, cliente_id = operador
    me = (await client.get("/auth/me", headers=headers)).json()
    criado = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    chamado_id = criado["chamado_id"]
    response = await client.patch(
        f"/chamados/{chamado_id}",
        json={"prioridade": "baixa", "status": "resolvido"},
        headers=headers,
    )
    assert response.status_code == 200
    assert (response.json()["prioridade"], response.json()["status"]) == ("baixa", "resolvido")
    eventos = (await client.get(f"/chamados/{chamado_id}/eventos", headers=headers)).json()
    feitos = [(e["tipo"], e["usuario_id"]) for e in eventos]
    assert feitos == [
        ("criado", me["id"]), ("triado", None), ("status", me["id"]), ("prioridade", me["id"]),
    ]  # fmt: skip
    assert all(e["data_criacao"] for e in eventos)


async def test_history_is_paginated_in_order(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    url = f"/chamados/{criado['chamado_id']}"
    for status in ("em_atendimento", "aguardando_cliente", "em_atendimento", "resolvido"):
        assert (
            await client.patch(url, json={"status": status}, headers=headers)
        ).status_code == 200
    todos = (await client.get(f"{url}/eventos", params={"limit": 100}, headers=headers)).json()
    assert [e["id"] for e in todos] == sorted(e["id"] for e in todos)
    assert [e["tipo"] for e in todos] == ["criado", "triado"] + ["status"] * 4
    pagina = await client.get(f"{url}/eventos", params={"skip": 2, "limit": 2}, headers=headers)
    assert [e["dados"]["para"] for e in pagina.json()] == ["em_atendimento", "aguardando_cliente"]
