"""The schema the migrations build is the schema the models describe."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from src.core import migrations
from src.core.config import Settings
from src.models import Base
from src.models.base import described_by_models


# SQLite cannot reflect expression indexes (lower(username)); PostgreSQL compares them.
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index",
    "ignore:Skipped unsupported reflection of expression-based index",
)
async def test_models_and_migrations_agree(app):
    def diff(connection):
        opts = {"compare_type": True, "include_object": described_by_models}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, Base.metadata)

    async with app.state.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


def test_every_migration_downgrades_and_the_backfill_counts_existing_tickets(tmp_path):
    """Upgrade to 0001, store tickets the old way, then upgrade: /metricas counters must
    already include them. Then go down to base and up again."""
    settings = Settings(
        _env_file=None, app_env="test", database_url=f"sqlite:///{tmp_path / 'm.db'}"
    )
    migrations.upgrade(settings, "0001")
    database = sqlite3.connect(tmp_path / "m.db")
    with database:
        database.execute(
            "INSERT INTO clientes (id, nome, email, canal_preferido, data_criacao) "
            "VALUES (1, 'Ana', 'a@b.com', 'site', '2026-01-01 10:00:00')"
        )
        for canal, encaminhado in (("site", 0), ("site", 1), ("email", 0)):
            database.execute(
                "INSERT INTO chamados (cliente_id, canal, mensagem, status, "
                "encaminhado_para_humano, intencao, prioridade, data_criacao, "
                "data_atualizacao, data_primeira_resposta) VALUES (1, ?, 'oi', 'aberto', ?, "
                "'geral', 'média', '2026-01-01 10:00:00', '2026-01-01 10:00:00', "
                "'2026-01-01 10:00:30')",
                (canal, encaminhado),
            )
    migrations.upgrade(settings)
    rows = dict(
        database.execute(
            "SELECT dimensao || ':' || valor, total FROM contadores_chamados"
        ).fetchall()
    )
    assert rows == {"geral:*": 3, "canal:site": 2, "canal:email": 1, "status:aberto": 3,
                    "intencao:geral": 3}  # fmt: skip
    seconds = database.execute(
        "SELECT segundos_ate_resposta FROM contadores_chamados WHERE dimensao = 'geral'"
    ).fetchone()[0]
    assert abs(seconds - 90.0) < 0.01

    migrations.downgrade(settings, "base")
    tables = {name for (name,) in database.execute("SELECT name FROM sqlite_master")}
    assert "chamados" not in tables
    migrations.upgrade(settings)
    database.close()


def test_upgrade_gives_existing_accounts_a_token_version_and_refuses_case_twins(tmp_path):
    settings = Settings(
        _env_file=None, app_env="test", database_url=f"sqlite:///{tmp_path / 'u.db'}"
    )
    migrations.upgrade(settings, "0002")
    database = sqlite3.connect(tmp_path / "u.db")
    insert = (
        "INSERT INTO usuarios (username, email, hashed_password, papel, ativo, data_criacao) "
        "VALUES (?, ?, 'x', 'admin', 1, '2026-01-01 10:00:00')"
    )
    with database:
        database.execute(insert, ("ana", "ana@empresa.com.br"))
        database.execute(insert, ("ANA", "outra@empresa.com.br"))
    with pytest.raises(RuntimeError, match="ana"):
        migrations.upgrade(settings)

    with database:
        database.execute("UPDATE usuarios SET username = 'ana2' WHERE username = 'ANA'")
    migrations.upgrade(settings)
    versions = [row[0] for row in database.execute("SELECT versao_token FROM usuarios")]
    assert len(versions) == 2
    assert all(len(version) == 32 for version in versions)
    assert len(set(versions)) == 2
    with pytest.raises(sqlite3.IntegrityError):
        database.execute(insert.replace("?, ?", "'Ana2', 'nova@empresa.com.br'"))
    database.close()
