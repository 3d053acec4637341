"""Test harness: a migrated database (PostgreSQL when TEST_DATABASE_URL is set, SQLite
otherwise), one app per session with its real lifespan, and empty tables for every test."""

import asyncio
import json
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any

import asyncpg
import pytest
from cryptography.fernet import Fernet
from httpx import ASGITransport, AsyncClient
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from src.core import cache, migrations
from src.core.config import Settings
from src.core.database import WRITE_TRANSACTION
from src.core.database_url import normalize_database_url
from src.core.rate_limit import RateLimiter
from src.core.tenancy import TenantSession, bind_all_empresas, bind_empresa
from src.main import create_app
from src.models import EMPRESA_PADRAO_SLUG, Base, Empresa

TEST_SECRET = "chave-de-teste-com-mais-de-trinta-e-dois-caracteres"
TEST_CHAVE_SEGREDOS = Fernet.generate_key().decode()
# The default empresa has set every link the catalog's automatic answers use, as a configured
# help desk has; tests of an empresa without links clear them (tests/triage/test_respostas.py).
LINKS_DE_TESTE = {
    nome: f"https://minhaempresa.com.br/{nome.replace('_', '-')}"
    for nome in ("area_cliente", "segunda_via", "recuperar_senha", "planos", "rastreio")
}


def _postgres_url() -> str | None:
    raw = os.environ.get("TEST_DATABASE_URL")
    return normalize_database_url(raw) if raw else None


async def _recreate_postgres_database(url: str) -> None:
    """Drop and create the test database named in the URL, through the maintenance database."""
    parsed = make_url(url)
    name = parsed.database
    if not name or not name.replace("_", "").isalnum():
        raise pytest.UsageError(f"TEST_DATABASE_URL needs a plain database name, got {name!r}")
    admin = await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database="postgres",
        timeout=10,
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


def pytest_report_header(config: pytest.Config) -> str:
    url = _postgres_url()
    return f"database: {make_url(url).render_as_string() if url else 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = _postgres_url()
    if url is None:
        return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    try:
        asyncio.run(_recreate_postgres_database(url))
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        # Asked for PostgreSQL explicitly (CI always is): unreachable is a failure, never a skip.
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {exc}", returncode=3)
    return url


@pytest.fixture
def scratch_database_url(tmp_path, database_url: str) -> str:
    """An empty database of the same kind as the suite's, for tests that migrate by hand."""
    if not database_url.startswith("postgresql"):
        return f"sqlite+aiosqlite:///{tmp_path / 'scratch.db'}"
    url = make_url(database_url)
    scratch = url.set(database=f"{url.database}_scratch").render_as_string(hide_password=False)
    asyncio.run(_recreate_postgres_database(scratch))
    return scratch


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        app_env="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        log_level="WARNING",
        # The SLA clock would race the truncation between tests (a deadlock on PostgreSQL);
        # tests run its sweep themselves (tests/chamados/sla).
        worker_embutido=False,
        # Channel secrets are encrypted with a key of this run (never a file in the checkout).
        chave_segredos=TEST_CHAVE_SEGREDOS,
        # The fake providers and webhook receivers of the tests listen on loopback.
        permitir_destinos_privados=True,
    )


@pytest.fixture(scope="session")
def migrated(settings: Settings) -> None:
    """The schema comes from the migrations, exactly as in production."""
    migrations.upgrade(settings)
    return


@pytest.fixture(scope="session")
async def app(settings: Settings, migrated: None) -> AsyncIterator:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        async with application.state.engine.begin() as connection:
            await _reset_default_empresa(connection)
        yield application


async def _reset_default_empresa(connection) -> None:
    """Only the default empresa, as a fresh install has, with its settings back to a
    configured help desk's (every link its automatic answers use)."""
    await connection.execute(
        text("DELETE FROM empresas WHERE slug <> :slug"), {"slug": EMPRESA_PADRAO_SLUG}
    )
    await connection.execute(
        text(
            "UPDATE empresas SET nome = :nome, ativa = :sim, janela_reabertura_dias = 7, "
            "fuso_horario = 'America/Sao_Paulo', expediente = NULL, folgas = NULL, "
            "links = :links WHERE slug = :slug"
        ),
        {
            "nome": "Minha Empresa",
            "sim": True,
            "slug": EMPRESA_PADRAO_SLUG,
            "links": json.dumps(LINKS_DE_TESTE),
        },
    )


@pytest.fixture(autouse=True)
async def _empty_tables(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Every test starts from empty tables (identity counters included), with only the
    default empresa the migrations create, as a fresh install has."""
    yield
    if "app" not in request.fixturenames:
        return
    application = request.getfixturevalue("app")
    tables = [
        table.name
        for table in reversed(Base.metadata.sorted_tables)
        if table is not Empresa.__table__
    ]
    async with application.state.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            # Without AUTOINCREMENT, SQLite restarts rowids from 1 once a table is empty.
            for table in tables:
                await connection.execute(text(f"DELETE FROM {table}"))  # noqa: S608
        await _reset_default_empresa(connection)
    cache.invalidar_todos()  # what processes keep per empresa went with the rows


@pytest.fixture
async def client(app) -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def db(app) -> AsyncIterator[AsyncSession]:
    """A separate session to check what the API really committed (sees every empresa)."""
    async with app.state.sessionmaker() as session:
        bind_all_empresas(session)
        yield session


@pytest.fixture(autouse=True)
async def _reset_rate_limits(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Rate-limit counters (per IP, per account) never leak from one test into the next."""
    yield
    if "app" not in request.fixturenames:
        return
    state = request.getfixturevalue("app").state
    if getattr(state, "rate_limiter", None) is not None:
        # A fresh limiter rather than storage.reset(): limits' memory storage has a background
        # expiry task that trips over keys removed under it.
        state.rate_limiter = RateLimiter.from_settings(state.settings)


ClientFactory = Callable[..., Awaitable[AsyncClient]]


@pytest.fixture
async def make_client(app, settings: Settings) -> AsyncIterator[ClientFactory]:
    """Clients of extra app instances with changed settings, on the same test database.

    `await make_client(auth_open_signup=False)`; `client_ip=` sets the caller's address.
    """
    async with AsyncExitStack() as stack:

        async def build(client_ip: str = "127.0.0.1", **overrides: Any) -> AsyncClient:
            values = {**settings.model_dump(), **overrides}
            application = create_app(Settings(_env_file=None, **values))
            await stack.enter_async_context(application.router.lifespan_context(application))
            transport = ASGITransport(app=application, client=(client_ip, 50000))
            http = AsyncClient(transport=transport, base_url="http://testserver")
            return await stack.enter_async_context(http)

        yield build


@pytest.fixture
async def session(app) -> AsyncIterator[AsyncSession]:
    """A session for service and repository tests, rolled back after each test, acting for
    the default empresa as the API's sessions act for the caller's.

    Services never commit, so everything a test writes stays inside one outer transaction
    (a writer's, as the API's own) and disappears with it: no HTTP, no cleanup.
    """
    async with app.state.engine.connect() as connection:
        connection = await connection.execution_options(**{WRITE_TRANSACTION: True})
        transaction = await connection.begin()
        async with AsyncSession(
            bind=connection,
            expire_on_commit=False,
            autoflush=False,
            sync_session_class=TenantSession,
        ) as db:
            empresa_id = await connection.scalar(
                text("SELECT id FROM empresas WHERE slug = :slug"), {"slug": EMPRESA_PADRAO_SLUG}
            )
            bind_empresa(db, empresa_id)
            yield db
        await transaction.rollback()
