"""PostgreSQL drops every connection (failover, restart, pg_terminate_backend): reads are
retried once on a fresh connection, writes get a 503 and are never applied twice."""

import asyncpg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from src.models import Cliente
from tests.factories import create_cliente, signup


@pytest.fixture
async def drop_connections(database_url, app):
    if not database_url.startswith("postgresql"):
        pytest.skip("only PostgreSQL drops connections under a running app")
    url = make_url(database_url)

    async def drop() -> int:
        admin = await asyncpg.connect(
            host=url.host, port=url.port or 5432, user=url.username, database=url.database
        )
        try:
            return await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = 'central-atendimento' AND pid <> pg_backend_pid()"
            )
        finally:
            await admin.close()

    yield drop
    # Connections of this app that no request touched since are still dead in the pool: start
    # the next tests from a fresh pool rather than from this test's wreckage.
    await app.state.engine.dispose()


async def test_a_read_survives_dropped_connections(client, drop_connections):
    headers = await signup(client, "ana")
    await create_cliente(client, headers)
    assert (await client.get("/clientes/", headers=headers)).status_code == 200
    assert await drop_connections() > 0
    for _ in range(4):
        response = await client.get("/clientes/", headers=headers)
        assert response.status_code == 200, response.text
        assert len(response.json()) == 1


async def test_a_write_on_a_dropped_connection_is_a_503_and_not_applied(
    client, db, drop_connections
):
    headers = await signup(client, "ana")
    assert (await client.get("/clientes/", headers=headers)).status_code == 200
    assert await drop_connections() > 0
    body = {"nome": "Maria", "email": "maria@exemplo.com.br"}
    first = await client.post("/clientes/", json=body, headers=headers)
    assert first.status_code in (201, 503), first.text
    if first.status_code == 503:
        assert first.json()["code"] == "database_unavailable"
        assert first.headers["Retry-After"] == "1"
        retried = await client.post("/clientes/", json=body, headers=headers)
        assert retried.status_code == 201
    count = await db.scalar(select(func.count()).select_from(Cliente))
    assert count == 1
