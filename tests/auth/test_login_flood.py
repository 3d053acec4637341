"""A login flood gets a fast 503 once the password-hash queue is full, instead of a queue
that grows with the flood and starves every other request of the worker."""

import asyncio

import pytest

from src.core.security import configure_password_hashing
from tests.factories import DEFAULT_PASSWORD, signup


@pytest.fixture
def _restore_hash_queue(settings):
    # The queue bound is per process (one app per process in production).
    yield
    configure_password_hashing(settings.password_hash_max_pending)


@pytest.mark.usefixtures("_restore_hash_queue")
async def test_logins_past_the_hash_queue_get_a_fast_503(make_client):
    http = await make_client(password_hash_max_pending=2)
    await signup(http, "ana")

    async def attempt(n: int):
        return await http.post(
            "/auth/login", data={"username": f"conta{n}", "password": "palpite-errado"}
        )

    responses = await asyncio.gather(*(attempt(n) for n in range(12)))
    busy = [response for response in responses if response.status_code == 503]
    assert busy, [response.status_code for response in responses]
    assert {response.status_code for response in responses} == {401, 503}
    assert busy[0].json()["code"] == "auth_busy"
    assert busy[0].headers["Retry-After"] == "1"
    assert "senha" in busy[0].json()["detail"]

    # Once the flood is over the queue is empty again: the owner gets in.
    right = await http.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
    assert right.status_code == 200


async def test_default_queue_lets_a_normal_burst_through(client):
    await signup(client, "ana")

    async def attempt():
        return await client.post(
            "/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD}
        )

    responses = await asyncio.gather(*(attempt() for _ in range(5)))
    assert [response.status_code for response in responses] == [200] * 5
