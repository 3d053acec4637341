"""Idempotency-Key: a retried POST gets the first answer and writes nothing again."""

import asyncio
from datetime import timedelta

from sqlalchemy import func, select, update

from src.models import Chamado, ChaveIdempotencia
from src.models.base import utcnow
from tests.factories import create_cliente, signup


async def _count_chamados(db) -> int:
    return await db.scalar(select(func.count()).select_from(Chamado))


async def _post_chamado(client, headers, cliente_id, key, mensagem="preciso da segunda via"):
    return await client.post(
        "/chamados/",
        json={"cliente_id": cliente_id, "canal": "site", "mensagem": mensagem},
        headers={**headers, "Idempotency-Key": key},
    )


async def test_a_retry_with_the_same_key_returns_the_first_answer_and_writes_once(client, db):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    first = await _post_chamado(client, headers, cliente["id"], "pedido-0001")
    retry = await _post_chamado(client, headers, cliente["id"], "pedido-0001")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await _count_chamados(db) == 1


async def test_the_same_key_with_another_body_is_a_422(client, db):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    await _post_chamado(client, headers, cliente["id"], "pedido-0002")
    other = await _post_chamado(client, headers, cliente["id"], "pedido-0002", mensagem="outra")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert await _count_chamados(db) == 1


async def test_keys_are_scoped_per_account(client, db):
    ana = await signup(client, "ana")
    bia = await signup(client, "bia")
    cliente = await create_cliente(client, ana)
    first = await _post_chamado(client, ana, cliente["id"], "mesma-chave")
    second = await _post_chamado(client, bia, cliente["id"], "mesma-chave")
    assert first.status_code == second.status_code == 201
    assert first.json()["chamado_id"] != second.json()["chamado_id"]
    assert await _count_chamados(db) == 2


async def test_a_failed_request_does_not_keep_the_key(client, db):
    headers = await signup(client, "ana")
    missing = await _post_chamado(client, headers, 999, "pedido-0003")
    assert missing.status_code == 404
    cliente = await create_cliente(client, headers)
    # Same key, another body (the cliente exists now): the failed try left nothing behind.
    created = await _post_chamado(client, headers, cliente["id"], "pedido-0003")
    assert created.status_code == 201


async def test_keys_expire_after_24_hours(client, db):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    await _post_chamado(client, headers, cliente["id"], "pedido-0004")
    await db.execute(update(ChaveIdempotencia).values(data_criacao=utcnow() - timedelta(hours=25)))
    await db.commit()
    again = await _post_chamado(client, headers, cliente["id"], "pedido-0004")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert await _count_chamados(db) == 2


async def test_concurrent_retries_write_once(client, db):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    responses = await asyncio.gather(
        *(_post_chamado(client, headers, cliente["id"], "rajada-1") for _ in range(8))
    )
    statuses = [response.status_code for response in responses]
    assert set(statuses) <= {201, 409}, statuses
    assert 201 in statuses
    created = {r.json()["chamado_id"] for r in responses if r.status_code == 201}
    assert len(created) == 1
    assert await _count_chamados(db) == 1


async def test_a_malformed_key_is_refused_in_portuguese(client):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    response = await _post_chamado(client, headers, cliente["id"], "chave com espacos")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_the_header_is_documented_on_post_routes(client):
    schema = (await client.get("/openapi.json")).json()
    parameters = schema["paths"]["/chamados/"]["post"]["parameters"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in parameters)


async def test_a_revoked_token_gets_no_stored_answer(client, db):
    """The stored answer is replayed before the account is loaded: a token revoked since
    (password change here; deactivation works the same) must not read it back."""
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    first = await _post_chamado(client, headers, cliente["id"], "pedido-revogado")
    assert first.status_code == 201
    change = {"senha_atual": "senha-forte-123", "nova_senha": "outra-senha-forte-456"}
    assert (await client.post("/auth/me/senha", json=change, headers=headers)).status_code == 204
    retry = await _post_chamado(client, headers, cliente["id"], "pedido-revogado")
    assert retry.status_code == 401
    assert "Idempotent-Replayed" not in retry.headers
    assert await _count_chamados(db) == 1
