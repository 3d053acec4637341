"""Async engine, session factory and the per-request transaction."""

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Connection, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from src.core import idempotency
from src.core.config import Settings
from src.core.tenancy import TenantSession

# A connection idle for longer than this is checked with a ping before it is handed out.
IDLE_PING_SECONDS = 10.0
# Methods that only read: they run without BEGIN/COMMIT (see get_session).
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.is_sqlite:
        return _create_sqlite_engine(settings)
    engine = create_async_engine(
        settings.database_url,
        echo=settings.db_echo,
        # Every connection the process ever needs stays open (up to pool + overflow): an
        # overflow connection closed after each burst is reopened by the next one, which under
        # steady load means a new connection (TCP + TLS + auth) per request.
        pool_size=settings.db_pool_size + settings.db_max_overflow,
        max_overflow=0,
        pool_recycle=1800,
        connect_args={"server_settings": {"application_name": "central-atendimento"}},
    )
    _ping_idle_connections(engine)
    return engine


def _ping_idle_connections(engine: AsyncEngine) -> None:
    """Like pool_pre_ping, but only for connections that sat idle.

    A busy connection proved alive a moment ago; pinging it on every checkout would add a
    round trip to every request. One idle for a while may have been dropped by the server or a
    firewall, so it is pinged and replaced when dead.
    """

    @event.listens_for(engine.sync_engine, "checkin")
    def _mark_idle(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out (or opens) another one.
            raise exc.DisconnectionError() from error


def _create_sqlite_engine(settings: Settings) -> AsyncEngine:
    database = make_url(settings.database_url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        settings.database_url, echo=settings.db_echo, connect_args={"timeout": 30}
    )
    event.listen(engine.sync_engine, "connect", _configure_sqlite)
    event.listen(engine.sync_engine, "begin", _begin_immediate)
    return engine


# Execution option of a connection whose transaction will write (see _begin_immediate).
WRITE_TRANSACTION = "write_transaction"


def _begin_immediate(connection: Connection) -> None:
    """Write transactions on SQLite take the write lock at BEGIN, not at their first write.

    With a deferred BEGIN a transaction reads, then upgrades to a writer: two of them both read
    the old row (SQLite has no SELECT ... FOR UPDATE) and both write from it, which skewed the
    métricas counters under concurrent status changes. BEGIN IMMEDIATE makes the
    read-then-write of each write transaction atomic. Other transactions keep the driver's
    default (BEGIN before the first write), so readers never wait for the lock.
    """
    if connection.get_execution_options().get(WRITE_TRANSACTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


async def begin_write(session: AsyncSession) -> None:
    """Start the session's transaction as a writer: on SQLite it then holds the write lock."""
    await session.connection(execution_options={WRITE_TRANSACTION: True})


def _configure_sqlite(dbapi_connection, _record) -> None:
    # WAL lets readers run beside the single writer; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_foreign_key_violation(error: exc.IntegrityError, constraint: str) -> bool:
    """Whether the failed statement broke this foreign key.

    PostgreSQL names the constraint; SQLite only says that some foreign key failed.
    """
    driver_error = error.orig.__cause__ if error.orig is not None else None
    if getattr(error.orig, "sqlstate", None) == "23503":
        return getattr(driver_error, "constraint_name", None) == constraint
    return "FOREIGN KEY constraint failed" in str(error.orig)


def is_disconnect(error: BaseException) -> bool:
    """The database dropped the connection (failover, restart, pg_terminate_backend)."""
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        engine, expire_on_commit=False, autoflush=False, sync_session_class=TenantSession
    )


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response leaves (see DbSession).

    Read-only methods run in autocommit instead: each of their SELECTs is already atomic, and
    skipping BEGIN and COMMIT saves two round trips per request. A GET must never write.
    Other methods hold SQLite's write lock from the start (see _begin_immediate).
    """
    async for session in _transaction(request, write_lock=True):
        yield session


async def get_session_without_write_lock(request: Request) -> AsyncIterator[AsyncSession]:
    """For writes that never read-then-write (login: a rare hash upgrade). On SQLite they do
    not hold the write lock while hashing a password, so logins run side by side."""
    async for session in _transaction(request, write_lock=False):
        yield session


async def _transaction(request: Request, *, write_lock: bool) -> AsyncIterator[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        if request.method in READ_ONLY_METHODS:
            await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        else:
            if write_lock and session.bind.dialect.name == "sqlite":
                await begin_write(session)
            await idempotency.claim(session, request)
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


# scope="function": the commit runs when the endpoint returns, before the response is sent,
# so a 2xx always means the data is durable.
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
UnlockedDbSession = Annotated[
    AsyncSession, Depends(get_session_without_write_lock, scope="function")
]
