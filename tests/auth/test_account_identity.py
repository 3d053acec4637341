"""One person, one account: names and e-mails are unique whatever their case, and the
first-account-is-admin rule holds when many sign up at once."""

import asyncio

from sqlalchemy import func, select

from src.models import Papel, Usuario
from tests.factories import DEFAULT_PASSWORD, signup


async def _sign_up(client, username: str, email: str):
    body = {"username": username, "email": email, "password": DEFAULT_PASSWORD}
    return await client.post("/auth/signup", json=body)


async def test_username_differing_only_in_case_is_taken(client):
    await signup(client, "first0")
    response = await _sign_up(client, "FIRST0", "outro@empresa.com.br")
    assert response.status_code == 400
    assert response.json()["detail"] == "Username already registered"


async def test_email_differing_only_in_case_is_taken(client):
    await signup(client, "ana")
    response = await _sign_up(client, "outra", "ANA@Empresa.com.br")
    assert response.status_code == 400
    assert response.json()["code"] == "email_taken"


async def test_login_accepts_the_username_in_any_case(client):
    await signup(client, "Ana.Souza")
    response = await client.post(
        "/auth/login", data={"username": "ana.souza", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    me = await client.get("/auth/me", headers=headers)
    assert me.json()["username"] == "Ana.Souza"


async def test_concurrent_first_signups_make_exactly_one_admin(client, db):
    responses = await asyncio.gather(
        *(_sign_up(client, f"pessoa{n}", f"pessoa{n}@empresa.com.br") for n in range(10))
    )
    assert [response.status_code for response in responses] == [200] * 10
    admins = await db.scalar(
        select(func.count()).select_from(Usuario).where(Usuario.papel == Papel.ADMIN)
    )
    assert admins == 1
