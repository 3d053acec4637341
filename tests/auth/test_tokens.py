"""Every forged, expired, malformed or orphaned token is a 401 with the Bearer challenge."""

import base64
import json
import time

import jwt
import pytest
from sqlalchemy import delete, select

from src.models import Usuario
from tests.conftest import TEST_SECRET
from tests.factories import DEFAULT_PASSWORD, signup


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# The real account's binding claims, filled in by the `ana` fixture: every forgery below is a
# valid token for "ana" except for the one thing it forges.
_ACCOUNT: dict[str, object] = {}


@pytest.fixture
async def ana(client, db) -> None:
    await signup(client, "ana")
    usuario = await db.scalar(select(Usuario).where(Usuario.username == "ana"))
    _ACCOUNT.update(uid=usuario.id, ver=usuario.versao_token, emp=usuario.empresa_id)


def _claims(**changes) -> dict:
    now = int(time.time())
    claims = {"sub": "ana", **_ACCOUNT, "iat": now, "exp": now + 600}
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def _signed(claims: dict, key: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


FORGERIES = {
    "alg_none": lambda: f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims())}.",
    "alg_none_uppercase": lambda: f"{_b64({'alg': 'None', 'typ': 'JWT'})}.{_b64(_claims())}.",
    "wrong_signature": lambda: _signed(
        _claims(), key="outra-chave-com-mais-de-trinta-e-dois-chars"
    ),
    "tampered_payload": lambda: ".".join(
        (lambda parts: [parts[0], _b64(_claims(sub="admin")), parts[2]])(
            _signed(_claims()).split(".")
        )
    ),
    "other_hmac_algorithm": lambda: _signed(_claims(), algorithm="HS512"),
    "expired": lambda: _signed(_claims(iat=int(time.time()) - 7200, exp=int(time.time()) - 60)),
    "issued_in_the_future": lambda: _signed(_claims(iat=int(time.time()) + 3600)),
    "without_exp": lambda: _signed(_claims(exp=None)),
    "without_iat": lambda: _signed(_claims(iat=None)),
    "without_sub": lambda: _signed(_claims(sub=None)),
    "empty_sub": lambda: _signed(_claims(sub="")),
    "numeric_sub": lambda: _signed(_claims(sub=123)),
    "unknown_user": lambda: _signed(_claims(sub="ninguem")),
    "other_account_id": lambda: _signed(_claims(uid=_ACCOUNT["uid"] + 1)),
    "stale_version": lambda: _signed(_claims(ver="versao-antiga")),
    "without_uid": lambda: _signed(_claims(uid=None)),
    "without_ver": lambda: _signed(_claims(ver=None)),
    "without_emp": lambda: _signed(_claims(emp=None)),
    "other_empresa": lambda: _signed(_claims(emp=_ACCOUNT["emp"] + 1)),
    "string_uid": lambda: _signed(_claims(uid=str(_ACCOUNT["uid"]))),
    "garbage": lambda: "lixo",
    "three_garbage_parts": lambda: "a.b.c",
    "non_ascii": lambda: "çãõ.ü.ñ",
    "huge": lambda: "a" * 10_000,
}


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("name", sorted(FORGERIES))
async def test_forged_token_is_rejected_with_bearer_challenge(client, ana, name):
    header = f"Bearer {FORGERIES[name]()}".encode("latin-1")
    response = await client.get("/auth/me", headers={"Authorization": header})
    assert response.status_code == 401, response.text
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json()["code"] == "invalid_token"


@pytest.mark.parametrize(
    "header", [None, "", "Bearer", "Bearer ", "Basic YW5hOnNlbmhh", "Token abc"]
)
async def test_missing_token_is_rejected_with_bearer_challenge(client, header):
    headers = {} if header is None else {"Authorization": header}
    response = await client.get("/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_a_valid_token_is_accepted_and_scheme_is_case_insensitive(client, ana):
    token = _signed(_claims())
    for scheme in ("Bearer", "bearer", "BEARER"):
        response = await client.get("/auth/me", headers={"Authorization": f"{scheme} {token}"})
        assert response.status_code == 200, response.text


async def test_token_of_a_deleted_account_stops_working_at_once(client, db):
    headers = await signup(client, "ana")
    assert (await client.get("/auth/me", headers=headers)).status_code == 200
    await db.execute(delete(Usuario).where(Usuario.username == "ana"))
    await db.commit()
    response = await client.get("/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_token_of_a_deleted_account_does_not_open_a_new_account_with_its_name(client, db):
    """The victim is deleted, someone signs up with the same username: the old token must not
    become a key to the new account (on SQLite the new row may even reuse the id)."""
    await signup(client, "primeiro")  # the admin, so "vitima" is the last row
    old_headers = await signup(client, "vitima")
    await db.execute(delete(Usuario).where(Usuario.username == "vitima"))
    await db.commit()
    await signup(client, "vitima")
    response = await client.get("/auth/me", headers=old_headers)
    assert response.status_code == 401


async def test_password_change_kills_every_earlier_token(client):
    headers = await signup(client, "ana")
    other_session = await client.post(
        "/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD}
    )
    other_headers = {"Authorization": f"Bearer {other_session.json()['access_token']}"}
    change = await client.post(
        "/auth/me/senha",
        json={"senha_atual": DEFAULT_PASSWORD, "nova_senha": "uma-senha-nova-456"},
        headers=headers,
    )
    assert change.status_code == 204
    for stale in (headers, other_headers):
        assert (await client.get("/auth/me", headers=stale)).status_code == 401
    fresh = await client.post(
        "/auth/login", data={"username": "ana", "password": "uma-senha-nova-456"}
    )
    fresh_headers = {"Authorization": f"Bearer {fresh.json()['access_token']}"}
    assert (await client.get("/auth/me", headers=fresh_headers)).status_code == 200


async def test_deactivation_kills_tokens_and_reactivation_does_not_revive_them(client):
    admin = await signup(client, "chefe")
    headers = await signup(client, "ana")
    me = (await client.get("/auth/me", headers=headers)).json()
    off = await client.patch(f"/usuarios/{me['id']}", json={"ativo": False}, headers=admin)
    assert off.status_code == 200
    assert (await client.get("/auth/me", headers=headers)).status_code == 401
    on = await client.patch(f"/usuarios/{me['id']}", json={"ativo": True}, headers=admin)
    assert on.status_code == 200
    assert (await client.get("/auth/me", headers=headers)).status_code == 401


async def test_token_keeps_the_username_as_subject_for_v1_clients(client, app):
    headers = await signup(client, "ana")
    token = headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"])
    assert claims["sub"] == "ana"
