"""envios_canal: the outbox of messages going out through a channel's provider

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
A_ENVIAR = "estado IN ('pendente', 'enviando')"


def upgrade() -> None:
    op.create_table(
        "envios_canal",
        sa.Column("id", BigId, nullable=False),
        sa.Column("canal_id", sa.Integer(), nullable=False),
        sa.Column("mensagem_id", BigId, nullable=False),
        sa.Column("destino", sa.String(length=255), nullable=False),
        sa.Column("conteudo", sa.JSON(), nullable=False),
        sa.Column("estado", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("proxima_em", Timestamp, nullable=False),
        sa.Column("id_externo", sa.String(length=255), nullable=True),
        sa.Column("erro", sa.Text(), nullable=True),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("enviado_em", Timestamp, nullable=True),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "estado IN ('pendente', 'enviando', 'enviado', 'falhou')",
            name=op.f("ck_envios_canal_estado"),
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_envios_canal_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "canal_id"],
            ["canais.empresa_id", "canais.id"],
            name="fk_envios_canal_canal",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mensagem_id"],
            ["mensagens.id"],
            name=op.f("fk_envios_canal_mensagem_id_mensagens"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_envios_canal")),
    )
    op.create_index(
        "ix_envios_canal_a_enviar",
        "envios_canal",
        ["proxima_em"],
        postgresql_where=sa.text(A_ENVIAR),
        sqlite_where=sa.text(A_ENVIAR),
    )
    op.create_index("ix_envios_canal_mensagem", "envios_canal", ["mensagem_id"])


def downgrade() -> None:
    op.drop_index("ix_envios_canal_mensagem", table_name="envios_canal")
    op.drop_index("ix_envios_canal_a_enviar", table_name="envios_canal")
    op.drop_table("envios_canal")
