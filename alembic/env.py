"""Alembic environment: runs migrations through the app's async engine."""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from src.core.config import get_settings
from src.core.database import create_engine
from src.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(config.attributes.get("settings") or get_settings())
    async with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            await connection.run_sync(_run_sqlite)
        else:
            await connection.run_sync(_configure)
    await engine.dispose()


def _run_sqlite(connection: Connection) -> None:
    """SQLite's batch mode rebuilds a table by dropping it. With foreign keys on, dropping a
    parent table deletes (ON DELETE CASCADE) or nulls (SET NULL) the rows that point at it, so
    migrations run with them off (SQLite's own recipe for table rebuilds), and every foreign
    key is checked before the result is accepted."""
    # Outside any transaction (the pragma is ignored inside one); commit() ends the implicit
    # one SQLAlchemy opened, so Alembic then runs and commits its own.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        _configure(connection)
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migração deixou chaves estrangeiras quebradas: {broken[:5]}")
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
