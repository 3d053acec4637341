"""canais: channel accounts (WhatsApp) with encrypted secrets, the raw provider events they
receive, and what messages, tickets and customers need from channels

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "canais",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(length=20), nullable=False),
        sa.Column("nome", sa.String(length=120), nullable=False),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("segredos", sa.Text(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("ativo", sa.Boolean(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("data_atualizacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_canais_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canais")),
        sa.UniqueConstraint("token", name="uq_canais_token"),
        sa.UniqueConstraint("empresa_id", "id", name="uq_canais_empresa_id"),
    )
    op.create_table(
        "eventos_canal",
        sa.Column("id", BigId, nullable=False),
        sa.Column("canal_id", sa.Integer(), nullable=False),
        sa.Column("corpo", sa.Text(), nullable=False),
        sa.Column("recebido_em", Timestamp, nullable=False),
        sa.Column("processado_em", Timestamp, nullable=True),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("erro", sa.Text(), nullable=True),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_eventos_canal_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "canal_id"],
            ["canais.empresa_id", "canais.id"],
            name="fk_eventos_canal_canal",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eventos_canal")),
    )
    op.create_index(
        "ix_eventos_canal_pendentes",
        "eventos_canal",
        ["id"],
        postgresql_where=sa.text("processado_em IS NULL"),
        sqlite_where=sa.text("processado_em IS NULL"),
    )
    # Plain ADD COLUMN: a batch copy of mensagens on SQLite would drop its search triggers.
    op.add_column("mensagens", sa.Column("conteudo_tipo", sa.String(length=20), nullable=True))
    op.add_column("mensagens", sa.Column("midia_id", sa.String(length=255), nullable=True))
    op.add_column("mensagens", sa.Column("erro_entrega", sa.String(length=500), nullable=True))
    with op.batch_alter_table("clientes") as batch:
        batch.alter_column("email", existing_type=sa.String(length=255), nullable=True)
        batch.add_column(sa.Column("whatsapp", sa.String(length=20), nullable=True))
        batch.create_unique_constraint("uq_clientes_empresa_whatsapp", ["empresa_id", "whatsapp"])
    with op.batch_alter_table("chamados") as batch:
        batch.add_column(sa.Column("conta_canal_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_chamados_conta_canal_empresa",
            "canais",
            ["empresa_id", "conta_canal_id"],
            ["empresa_id", "id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("chamados") as batch:
        batch.drop_constraint("fk_chamados_conta_canal_empresa", type_="foreignkey")
        batch.drop_column("conta_canal_id")
    sem_email = op.get_bind().scalar(sa.text("SELECT count(*) FROM clientes WHERE email IS NULL"))
    if sem_email:
        # Customers who came through WhatsApp have no e-mail: the old schema cannot hold them.
        raise RuntimeError(
            f"{sem_email} cliente(s) sem e-mail (vindos do WhatsApp): a versão anterior exige "
            "e-mail; apague-os ou dê um e-mail a cada um antes de voltar"
        )
    with op.batch_alter_table("clientes") as batch:
        batch.drop_constraint("uq_clientes_empresa_whatsapp", type_="unique")
        batch.drop_column("whatsapp")
        batch.alter_column("email", existing_type=sa.String(length=255), nullable=False)
    for coluna in ("erro_entrega", "midia_id", "conteudo_tipo"):  # native on SQLite >= 3.35
        op.execute(f"ALTER TABLE mensagens DROP COLUMN {coluna}")
    op.drop_index("ix_eventos_canal_pendentes", table_name="eventos_canal")
    op.drop_table("eventos_canal")
    op.drop_table("canais")
