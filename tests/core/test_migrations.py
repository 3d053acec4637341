"""The schema the migrations build is the schema the models describe."""

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from src.core import migrations
from src.core.config import Settings
from src.models import Base


async def test_models_and_migrations_agree(app):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
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
