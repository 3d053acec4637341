"""Alembic environment: runs migrations through the app's async engine."""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from src.core.config import get_settings
from src.core.database import create_engine
from src.models import Base
from src.models.base import described_by_models

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _configure(connection: Connection, check=None) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=described_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()
        if check is not None:
            check(connection)  # inside the transaction: a failed check undoes the migration


def _run(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        _run_sqlite(connection)
    else:
        _configure(connection)


def _run_sqlite(connection: Connection) -> None:
    """SQLite's batch mode rebuilds a table by dropping it. With foreign keys on, dropping a
    parent table deletes (ON DELETE CASCADE) or nulls (SET NULL) the rows that point at it, so
    migrations run with them off (SQLite's own recipe for table rebuilds), and every foreign
    key is checked before the migration commits."""
    # Outside any transaction (the pragma is ignored inside one); commit() ends the implicit
    # one SQLAlchemy opened, so Alembic then runs and commits its own.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        _configure(connection, check=_check_foreign_keys)
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"a migração deixaria chaves estrangeiras quebradas: {broken[:5]}")


async def _run_async() -> None:
    engine = create_engine(config.attributes.get("settings") or get_settings())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run against a database.")
run_migrations_online()
