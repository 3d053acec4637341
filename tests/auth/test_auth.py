import jwt
from sqlalchemy import select

from src.models import Papel, Usuario
from tests.conftest import TEST_SECRET
from tests.factories import DEFAULT_PASSWORD, signup


async def test_signup_returns_a_bearer_token(client):
    response = await client.post(
        "/auth/signup",
        json={"username": "ana", "email": "ana@empresa.com.br", "password": "senha-forte-1"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    claims = jwt.decode(body["access_token"], TEST_SECRET, algorithms=["HS256"])
    assert claims["sub"] == "ana"
    assert claims["exp"] - claims["iat"] == 30 * 60


async def test_signup_rejects_taken_username_and_email(client):
    await signup(client, "ana")
    taken_name = await client.post(
        "/auth/signup",
        json={"username": "ana", "email": "outra@empresa.com.br", "password": "senha-forte-1"},
    )
    assert taken_name.status_code == 400
    assert taken_name.json()["detail"] == "Username already registered"
    taken_email = await client.post(
        "/auth/signup",
        json={"username": "bia", "email": "ANA@empresa.com.br", "password": "senha-forte-1"},
    )
    assert taken_email.status_code == 400
    assert taken_email.json()["detail"] == "Email already registered"


async def test_password_is_stored_as_argon2_hash(client, db):
    await signup(client, "ana")
    usuario = await db.scalar(select(Usuario).where(Usuario.username == "ana"))
    assert usuario.hashed_password.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in usuario.hashed_password


async def test_first_account_is_admin_the_next_ones_atendente(client, db):
    await signup(client, "primeira")
    await signup(client, "segunda")
    papeis = dict((await db.execute(select(Usuario.username, Usuario.papel))).all())
    assert papeis == {"primeira": Papel.ADMIN, "segunda": Papel.ATENDENTE}


async def test_login_with_form_returns_token(client):
    await signup(client, "ana")
    response = await client.post(
        "/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    me = await client.get(
        "/auth/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["username"] == "ana"


async def test_login_rejects_wrong_password_and_unknown_user_alike(client):
    await signup(client, "ana")
    wrong = await client.post("/auth/login", data={"username": "ana", "password": "errada-123"})
    unknown = await client.post(
        "/auth/login", data={"username": "ninguem", "password": DEFAULT_PASSWORD}
    )
    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json()["detail"] == "Incorrect username or password"
        assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_protected_route_without_token_is_401_with_challenge(client):
    response = await client.get("/clientes/")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"] == "Não autenticado"


async def test_garbage_and_foreign_tokens_are_rejected(client):
    await signup(client, "ana")
    forged = jwt.encode({"sub": "ana", "iat": 1, "exp": 4102444800}, "x" * 40, algorithm="HS256")
    for token in ("lixo", forged):
        response = await client.get("/clientes/", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
