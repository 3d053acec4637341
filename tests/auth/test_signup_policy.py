"""AUTH_OPEN_SIGNUP both ways, who may choose a role, and the create-admin command."""

import asyncio

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from typer.testing import CliRunner

from src import cli
from src.core.config import Settings
from src.models import Papel, Usuario
from tests.factories import DEFAULT_PASSWORD, signup

CHAVE = Fernet.generate_key().decode()  # channel secrets key of a production start


def _body(username: str, **extra) -> dict:
    return {
        "username": username,
        "email": f"{username}@empresa.com.br",
        "password": DEFAULT_PASSWORD,
        **extra,
    }


async def _papel(db, username: str) -> str | None:
    db.expire_all()
    return await db.scalar(select(Usuario.papel).where(Usuario.username == username))


def test_signup_is_open_by_default_outside_production_and_closed_in_it():
    secret = "s" * 48
    assert Settings(_env_file=None, app_env="development").open_signup
    assert Settings(_env_file=None, app_env="test").open_signup
    assert not Settings(
        _env_file=None, app_env="production", secret_key=secret, chave_segredos=CHAVE
    ).open_signup
    assert Settings(
        _env_file=None,
        app_env="production",
        secret_key=secret,
        chave_segredos=CHAVE,
        auth_open_signup=True,
    ).open_signup


async def test_open_signup_anonymous_gets_atendente_after_the_first_admin(client, db):
    await signup(client, "primeira")
    await signup(
        client,
        "segunda",
    )
    assert await _papel(db, "primeira") == Papel.ADMIN
    assert await _papel(db, "segunda") == Papel.ATENDENTE


async def test_open_signup_anonymous_cannot_choose_admin(client, db):
    await signup(client, "primeira")
    response = await client.post("/auth/signup", json=_body("intrusa", papel="admin"))
    assert response.status_code == 403
    assert response.json()["code"] == "role_forbidden"
    assert await _papel(db, "intrusa") is None
    explicit = await client.post("/auth/signup", json=_body("comum", papel="atendente"))
    assert explicit.status_code == 200


async def test_atendente_token_cannot_create_an_admin(client, db):
    await signup(client, "chefe")
    atendente = await signup(client, "ana")
    response = await client.post(
        "/auth/signup", json=_body("bia", papel="admin"), headers=atendente
    )
    assert response.status_code == 403
    assert await _papel(db, "bia") is None


async def test_admin_may_create_admins(client, db):
    admin = await signup(client, "chefe")
    response = await client.post("/auth/signup", json=_body("vice", papel="admin"), headers=admin)
    assert response.status_code == 200
    assert await _papel(db, "vice") == Papel.ADMIN


async def test_closed_signup_refuses_anonymous_and_atendente(make_client, client, db):
    admin = await signup(client, "chefe")
    atendente = await signup(client, "ana")
    closed = await make_client(auth_open_signup=False)

    anonymous = await closed.post("/auth/signup", json=_body("bia"))
    assert anonymous.status_code == 403
    assert anonymous.json()["code"] == "signup_closed"
    as_atendente = await closed.post("/auth/signup", json=_body("bia"), headers=atendente)
    assert as_atendente.status_code == 403
    bad_token = await closed.post(
        "/auth/signup", json=_body("bia"), headers={"Authorization": "Bearer lixo"}
    )
    assert bad_token.status_code == 401
    assert bad_token.headers["WWW-Authenticate"] == "Bearer"
    assert await _papel(db, "bia") is None

    created = await closed.post("/auth/signup", json=_body("bia"), headers=admin)
    assert created.status_code == 200
    assert created.json()["token_type"] == "bearer"
    assert await _papel(db, "bia") == Papel.ATENDENTE
    vice = await closed.post("/auth/signup", json=_body("vice", papel="admin"), headers=admin)
    assert vice.status_code == 200
    assert await _papel(db, "vice") == Papel.ADMIN


async def test_closed_signup_refuses_even_the_very_first_account(make_client, db):
    closed = await make_client(auth_open_signup=False)
    response = await closed.post("/auth/signup", json=_body("primeira"))
    assert response.status_code == 403
    assert await _papel(db, "primeira") is None


async def test_production_never_makes_a_public_signup_admin(make_client, db):
    production = await make_client(app_env="production", auth_open_signup=True)
    response = await production.post("/auth/signup", json=_body("primeira"))
    assert response.status_code == 200
    assert await _papel(db, "primeira") == Papel.ATENDENTE


@pytest.fixture
def cli_settings(settings, monkeypatch):
    monkeypatch.setattr(cli, "get_settings", lambda: settings)
    return settings


async def _run_cli(args: list[str], **kwargs):
    # The command runs its own event loop (asyncio.run): keep it off the test's loop.
    return await asyncio.to_thread(CliRunner().invoke, cli.app, args, **kwargs)


async def test_create_admin_command_with_password_from_environment(cli_settings, client, db):
    result = await _run_cli(
        ["create-admin", "--username", "raiz", "--email", "raiz@empresa.com.br"],
        env={"ADMIN_PASSWORD": "senha-do-admin-1"},
    )
    assert result.exit_code == 0, result.output
    assert await _papel(db, "raiz") == Papel.ADMIN
    login = await client.post(
        "/auth/login", data={"username": "raiz", "password": "senha-do-admin-1"}
    )
    assert login.status_code == 200


async def test_create_admin_command_prompts_for_the_password(cli_settings, db, monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    result = await _run_cli(
        ["create-admin", "--username", "raiz", "--email", "raiz@empresa.com.br"],
        input="senha-do-admin-1\nsenha-do-admin-1\n",
    )
    assert result.exit_code == 0, result.output
    assert "senha-do-admin-1" not in result.output
    assert await _papel(db, "raiz") == Papel.ADMIN


async def test_create_admin_command_refuses_bad_or_taken_input(cli_settings, client, db):
    await signup(client, "raiz")
    args = ["create-admin", "--username", "raiz", "--email", "outro@empresa.com.br"]
    taken = await _run_cli(args, env={"ADMIN_PASSWORD": "senha-do-admin-1"})
    assert taken.exit_code == 1
    assert "Já existe uma conta com esse nome de usuário" in taken.output
    email_args = ["create-admin", "--username", "outro", "--email", "RAIZ@empresa.com.br"]
    taken_email = await _run_cli(email_args, env={"ADMIN_PASSWORD": "senha-do-admin-1"})
    assert taken_email.exit_code == 1
    assert "Já existe uma conta com esse e-mail" in taken_email.output
    short = await _run_cli(
        ["create-admin", "--username", "novo", "--email", "novo@empresa.com.br"],
        env={"ADMIN_PASSWORD": "curta"},
    )
    assert short.exit_code == 2
    assert await _papel(db, "novo") is None
