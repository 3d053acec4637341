"""empresas: every row belongs to one empresa; existing data moves into the default one

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import context, op

from src.core.config import get_settings

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_SLUG = "padrao"
# Tables whose rows belong to one empresa (contadores_chamados is rebuilt, see below).
TENANT_TABLES = ("usuarios", "clientes", "chamados", "respostas", "chaves_idempotencia")

RECOUNT = """
INSERT INTO contadores_chamados ({empresa}dimensao, valor, shard, total,
    resolvidos_automaticamente, respondidos, segundos_ate_resposta)
SELECT {empresa}dimensao, valor, 0, COUNT(*),
       SUM(CASE WHEN encaminhado_para_humano THEN 0 ELSE 1 END),
       COUNT(data_primeira_resposta),
       COALESCE(SUM({seconds}), 0)
FROM (
    SELECT 'geral' AS dimensao, '*' AS valor, c.* FROM chamados c
    UNION ALL SELECT 'canal', canal, c.* FROM chamados c
    UNION ALL SELECT 'status', status, c.* FROM chamados c
    UNION ALL SELECT 'intencao', intencao, c.* FROM chamados c
) AS t
GROUP BY {empresa}dimensao, valor
"""
SECONDS = {
    "postgresql": "EXTRACT(EPOCH FROM (data_primeira_resposta - data_criacao))",
    "sqlite": "(julianday(data_primeira_resposta) - julianday(data_criacao)) * 86400.0",
}


def _default_name() -> str:
    settings = context.config.attributes.get("settings") or get_settings()
    return settings.empresa_padrao_nome


def _utc_now(dialect: str) -> datetime:
    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if dialect == "sqlite" else now


def _empresa_fk(batch, table: str) -> None:
    batch.create_foreign_key(
        f"fk_{table}_empresa_id_empresas", "empresas", ["empresa_id"], ["id"], ondelete="CASCADE"
    )


def upgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    op.create_table(
        "empresas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=120), nullable=False),
        sa.Column("slug", sa.String(length=50), nullable=False),
        sa.Column("ativa", sa.Boolean(), nullable=False),
        sa.Column("data_criacao", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_empresas"),
        sa.UniqueConstraint("slug", name="uq_empresas_slug"),
    )
    empresa_id = connection.execute(
        sa.text(
            "INSERT INTO empresas (nome, slug, ativa, data_criacao) "
            "VALUES (:nome, :slug, :ativa, :agora) RETURNING id"
        ),
        {"nome": _default_name(), "slug": DEFAULT_SLUG, "ativa": True, "agora": _utc_now(dialect)},
    ).scalar_one()

    for table in TENANT_TABLES:
        op.add_column(table, sa.Column("empresa_id", sa.Integer(), nullable=True))
        connection.execute(sa.text(f"UPDATE {table} SET empresa_id = :id"), {"id": empresa_id})  # noqa: S608

    _drop_lower_indexes()
    with op.batch_alter_table("usuarios") as batch:
        batch.alter_column("empresa_id", existing_type=sa.Integer(), nullable=False)
        batch.add_column(
            sa.Column("superadmin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        _empresa_fk(batch, "usuarios")
        # An operator's e-mail is unique within its empresa only: a global rule would tell
        # one empresa's admin that another empresa has an operator with that e-mail.
        batch.drop_constraint("uq_usuarios_email", type_="unique")
    # Someone must be able to manage empresas after the upgrade: the oldest active admin.
    connection.execute(
        sa.text(
            "UPDATE usuarios SET superadmin = :sim WHERE id = (SELECT MIN(id) FROM usuarios "
            "WHERE papel = 'admin' AND ativo = :sim)"
        ),
        {"sim": True},
    )
    with op.batch_alter_table("usuarios") as batch:
        batch.alter_column("superadmin", existing_type=sa.Boolean(), server_default=None)
    _create_lower_indexes(email_per_empresa=True)

    with op.batch_alter_table("clientes") as batch:
        batch.alter_column("empresa_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("uq_clientes_email", type_="unique")
        batch.create_unique_constraint("uq_clientes_empresa_email", ["empresa_id", "email"])
        batch.create_unique_constraint("uq_clientes_empresa_id", ["empresa_id", "id"])
        _empresa_fk(batch, "clientes")

    for name in ("recentes", "canal_recentes", "status_recentes", "cliente_recentes", "intencao"):
        op.drop_index(f"ix_chamados_{name}", table_name="chamados")
    with op.batch_alter_table("chamados") as batch:
        batch.alter_column("empresa_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("fk_chamados_cliente_id_clientes", type_="foreignkey")
        batch.create_unique_constraint("uq_chamados_empresa_id", ["empresa_id", "id"])
        batch.create_foreign_key(
            "fk_chamados_cliente_empresa",
            "clientes",
            ["empresa_id", "cliente_id"],
            ["empresa_id", "id"],
            ondelete="CASCADE",
        )
        _empresa_fk(batch, "chamados")
    _create_chamado_indexes(leading=["empresa_id"])

    op.drop_index("ix_respostas_chamado", table_name="respostas")
    with op.batch_alter_table("respostas") as batch:
        batch.alter_column("empresa_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("fk_respostas_chamado_id_chamados", type_="foreignkey")
        batch.create_foreign_key(
            "fk_respostas_chamado_empresa",
            "chamados",
            ["empresa_id", "chamado_id"],
            ["empresa_id", "id"],
            ondelete="CASCADE",
        )
        _empresa_fk(batch, "respostas")
    op.create_index(
        "ix_respostas_chamado", "respostas", ["empresa_id", "chamado_id", "data_criacao", "id"]
    )

    with op.batch_alter_table("chaves_idempotencia") as batch:
        batch.alter_column("empresa_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("uq_chaves_idempotencia_usuario_id", type_="unique")
        batch.create_unique_constraint(
            "uq_chaves_idempotencia_empresa_chave", ["empresa_id", "usuario_id", "chave"]
        )
        _empresa_fk(batch, "chaves_idempotencia")

    _set_id_type(connection, "BIGINT")

    # The counters are derived data: rebuilt per empresa from the chamados they count.
    op.drop_table("contadores_chamados")
    _create_counters(with_empresa=True)
    _recount(dialect, with_empresa=True)


def downgrade() -> None:
    connection = op.get_bind()
    dialect = connection.dialect.name
    empresas = connection.execute(sa.text("SELECT COUNT(*) FROM empresas")).scalar_one()
    if empresas > 1:
        # Folding several companies into one would merge their customers: a person decides.
        raise RuntimeError(
            f"Há {empresas} empresas neste banco; a versão anterior só conhece uma. "
            "Exporte e remova as outras empresas antes de voltar a migração."
        )

    op.drop_table("contadores_chamados")
    _create_counters(with_empresa=False)
    _set_id_type(connection, "INTEGER")

    with op.batch_alter_table("chaves_idempotencia") as batch:
        batch.drop_constraint("fk_chaves_idempotencia_empresa_id_empresas", type_="foreignkey")
        batch.drop_constraint("uq_chaves_idempotencia_empresa_chave", type_="unique")
        batch.create_unique_constraint("uq_chaves_idempotencia_usuario_id", ["usuario_id", "chave"])
        batch.drop_column("empresa_id")

    op.drop_index("ix_respostas_chamado", table_name="respostas")
    with op.batch_alter_table("respostas") as batch:
        batch.drop_constraint("fk_respostas_empresa_id_empresas", type_="foreignkey")
        batch.drop_constraint("fk_respostas_chamado_empresa", type_="foreignkey")
        batch.create_foreign_key(
            "fk_respostas_chamado_id_chamados",
            "chamados",
            ["chamado_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.drop_column("empresa_id")
    op.create_index("ix_respostas_chamado", "respostas", ["chamado_id", "data_criacao", "id"])

    for name in ("recentes", "canal_recentes", "status_recentes", "cliente_recentes", "intencao"):
        op.drop_index(f"ix_chamados_{name}", table_name="chamados")
    with op.batch_alter_table("chamados") as batch:
        batch.drop_constraint("fk_chamados_empresa_id_empresas", type_="foreignkey")
        batch.drop_constraint("fk_chamados_cliente_empresa", type_="foreignkey")
        batch.drop_constraint("uq_chamados_empresa_id", type_="unique")
        batch.create_foreign_key(
            "fk_chamados_cliente_id_clientes",
            "clientes",
            ["cliente_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.drop_column("empresa_id")
    _create_chamado_indexes(leading=[])

    with op.batch_alter_table("clientes") as batch:
        batch.drop_constraint("fk_clientes_empresa_id_empresas", type_="foreignkey")
        batch.drop_constraint("uq_clientes_empresa_id", type_="unique")
        batch.drop_constraint("uq_clientes_empresa_email", type_="unique")
        batch.create_unique_constraint("uq_clientes_email", ["email"])
        batch.drop_column("empresa_id")

    _drop_lower_indexes(email_per_empresa=True)
    with op.batch_alter_table("usuarios") as batch:
        batch.drop_constraint("fk_usuarios_empresa_id_empresas", type_="foreignkey")
        batch.drop_column("superadmin")
        batch.drop_column("empresa_id")
        batch.create_unique_constraint("uq_usuarios_email", ["email"])
    _create_lower_indexes()

    op.drop_table("empresas")
    _recount(dialect, with_empresa=False)


# Columns that hold ids of the tables that grow with the customers (docs/escala.md: BIGINT now,
# while rewriting the tables is cheap). SQLite's INTEGER is already 64-bit: nothing to do there.
BIG_ID_COLUMNS = (
    ("clientes", "id", "clientes_id_seq"),
    ("chamados", "id", "chamados_id_seq"),
    ("chamados", "cliente_id", None),
    ("respostas", "id", "respostas_id_seq"),
    ("respostas", "chamado_id", None),
    ("chaves_idempotencia", "id", "chaves_idempotencia_id_seq"),
)


def _set_id_type(connection: sa.Connection, sql_type: str) -> None:
    if connection.dialect.name != "postgresql":
        return
    for table, column, sequence in BIG_ID_COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {sql_type}")
        if sequence is not None:
            op.execute(f"ALTER SEQUENCE {sequence} AS {sql_type}")


# SQLite's batch mode rebuilds the table from what it can reflect, and it cannot reflect
# expression indexes: without this the rebuilt usuarios would lose lower(...) uniqueness.
def _drop_lower_indexes(*, email_per_empresa: bool = False) -> None:
    email_index = (
        "uq_usuarios_empresa_email_lower" if email_per_empresa else "uq_usuarios_email_lower"
    )
    op.drop_index(email_index, table_name="usuarios")
    op.drop_index("uq_usuarios_username_lower", table_name="usuarios")


def _create_lower_indexes(*, email_per_empresa: bool = False) -> None:
    op.create_index(
        "uq_usuarios_username_lower", "usuarios", [sa.text("lower(username)")], unique=True
    )
    if email_per_empresa:
        op.create_index(
            "uq_usuarios_empresa_email_lower",
            "usuarios",
            ["empresa_id", sa.text("lower(email)")],
            unique=True,
        )
    else:
        op.create_index(
            "uq_usuarios_email_lower", "usuarios", [sa.text("lower(email)")], unique=True
        )


def _create_chamado_indexes(leading: list[str]) -> None:
    indexes = {
        "recentes": ["data_criacao", "id"],
        "canal_recentes": ["canal", "data_criacao", "id"],
        "status_recentes": ["status", "data_criacao", "id"],
        "cliente_recentes": ["cliente_id", "data_criacao", "id"],
        "intencao": ["intencao"],
    }
    for name, columns in indexes.items():
        op.create_index(f"ix_chamados_{name}", "chamados", [*leading, *columns])


def _create_counters(*, with_empresa: bool) -> None:
    key = ["dimensao", "valor", "shard"]
    if with_empresa:
        key.insert(0, "empresa_id")
    columns = [
        sa.Column("dimensao", sa.String(length=20), nullable=False),
        sa.Column("valor", sa.String(length=50), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("resolvidos_automaticamente", sa.BigInteger(), nullable=False),
        sa.Column("respondidos", sa.BigInteger(), nullable=False),
        sa.Column("segundos_ate_resposta", sa.Float(), nullable=False),
    ]
    if with_empresa:
        columns.append(sa.Column("empresa_id", sa.Integer(), nullable=False))
        columns.append(
            sa.ForeignKeyConstraint(
                ["empresa_id"],
                ["empresas.id"],
                name="fk_contadores_chamados_empresa_id_empresas",
                ondelete="CASCADE",
            )
        )
    op.create_table(
        "contadores_chamados",
        *columns,
        sa.PrimaryKeyConstraint(*key, name="pk_contadores_chamados"),
    )


def _recount(dialect: str, *, with_empresa: bool) -> None:
    empresa = "empresa_id, " if with_empresa else ""
    op.execute(RECOUNT.format(empresa=empresa, seconds=SECONDS[dialect]))
