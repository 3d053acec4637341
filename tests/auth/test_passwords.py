"""Password storage: argon2 for new hashes, bcrypt upgraded at login, self-service change."""

import pytest
from pwdlib.hashers.bcrypt import BcryptHasher
from sqlalchemy import select

from src.core import security
from src.models import Papel, Usuario
from tests.factories import DEFAULT_PASSWORD, empresa_padrao_id, signup


async def _add_legacy_account(db, legacy_hash: str) -> None:
    db.add(
        Usuario(
            username="legado",
            email="legado@empresa.com.br",
            hashed_password=legacy_hash,
            empresa_id=await empresa_padrao_id(db),
        )
    )
    await db.commit()


async def _hash_of(db, username: str) -> str:
    db.expire_all()
    return await db.scalar(select(Usuario.hashed_password).where(Usuario.username == username))


async def test_legacy_bcrypt_hash_verifies_and_is_upgraded_to_argon2(client, db):
    legacy = BcryptHasher().hash("senha-antiga-123")
    assert legacy.startswith("$2b$")
    await _add_legacy_account(db, legacy)

    first = await client.post(
        "/auth/login", data={"username": "legado", "password": "senha-antiga-123"}
    )
    assert first.status_code == 200, first.text
    upgraded = await _hash_of(db, "legado")
    assert upgraded.startswith("$argon2id$")

    again = await client.post(
        "/auth/login", data={"username": "legado", "password": "senha-antiga-123"}
    )
    assert again.status_code == 200
    assert await _hash_of(db, "legado") == upgraded


async def test_failed_login_does_not_touch_a_legacy_hash(client, db):
    legacy = BcryptHasher().hash("senha-antiga-123")
    await _add_legacy_account(db, legacy)
    response = await client.post("/auth/login", data={"username": "legado", "password": "errada!!"})
    assert response.status_code == 401
    assert await _hash_of(db, "legado") == legacy


async def test_unknown_username_costs_one_hash_verification_like_a_known_one(client, monkeypatch):
    """Equal time: a missing account still pays for a full password verification."""
    await signup(client, "ana")
    calls: list[str] = []
    real_verify = security.password_hash.verify

    def counting_verify(password, hashed):
        calls.append(hashed[:10])
        return real_verify(password, hashed)

    monkeypatch.setattr(security.password_hash, "verify", counting_verify)
    monkeypatch.setattr(
        security.password_hash,
        "verify_and_update",
        lambda password, hashed: (counting_verify(password, hashed), None),
    )
    for username in ("ana", "ninguem", "x" * 500):
        calls.clear()
        response = await client.post(
            "/auth/login", data={"username": username, "password": "errada-123"}
        )
        assert response.status_code == 401
        assert len(calls) == 1
        assert calls[0].startswith("$argon2id")


@pytest.mark.parametrize("password", ["curta", "1234567", "x" * 73, "com\x00nulo-123"])
async def test_signup_rejects_bad_passwords(client, password):
    response = await client.post(
        "/auth/signup",
        json={"username": "ana", "email": "ana@empresa.com.br", "password": password},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_password_is_used_exactly_as_typed(client):
    await signup(client, "ana", password="  com espaços  ")
    ok = await client.post("/auth/login", data={"username": "ana", "password": "  com espaços  "})
    trimmed = await client.post("/auth/login", data={"username": "ana", "password": "com espaços"})
    assert ok.status_code == 200
    assert trimmed.status_code == 401


async def test_user_changes_own_password(client, db):
    headers = await signup(client, "ana")
    response = await client.post(
        "/auth/me/senha",
        json={"senha_atual": DEFAULT_PASSWORD, "nova_senha": "nova-senha-segura"},
        headers=headers,
    )
    assert response.status_code == 204, response.text
    assert (await _hash_of(db, "ana")).startswith("$argon2id$")
    old = await client.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
    new = await client.post(
        "/auth/login", data={"username": "ana", "password": "nova-senha-segura"}
    )
    assert old.status_code == 401
    assert new.status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"senha_atual": "errada-123", "nova_senha": "nova-senha-segura"}, 400, None),
        ({"senha_atual": DEFAULT_PASSWORD, "nova_senha": DEFAULT_PASSWORD}, 400, "same_password"),
        ({"senha_atual": DEFAULT_PASSWORD, "nova_senha": "curta"}, 422, "validation_error"),
        ({"nova_senha": "nova-senha-segura"}, 422, "validation_error"),
    ],
)
async def test_password_change_rejections(client, body, status, code):
    headers = await signup(client, "ana")
    response = await client.post("/auth/me/senha", json=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.json()["code"] == (code or "wrong_current_password")
    if status == 400 and code is None:
        assert response.json()["detail"] == "Senha atual incorreta"


async def test_password_change_needs_a_token(client):
    response = await client.post(
        "/auth/me/senha", json={"senha_atual": "a" * 8, "nova_senha": "b" * 8}
    )
    assert response.status_code == 401


async def test_wrong_current_password_counts_towards_the_lockout(client):
    headers = await signup(client, "ana")
    body = {"senha_atual": "errada-123", "nova_senha": "nova-senha-segura"}
    for _ in range(5):
        assert (await client.post("/auth/me/senha", json=body, headers=headers)).status_code == 400
    locked = await client.post("/auth/me/senha", json=body, headers=headers)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


async def test_me_returns_the_account_without_its_hash(client):
    headers = await signup(client, "ana")
    body = (await client.get("/auth/me", headers=headers)).json()
    assert body["username"] == "ana"
    assert body["papel"] == Papel.ADMIN
    assert "hashed_password" not in body
    assert "password" not in body
