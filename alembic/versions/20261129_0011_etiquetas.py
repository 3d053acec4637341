"""etiquetas and respostas prontas: labels on chamados, canned answers

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _empresa_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresas.id"], name=f"fk_{table}_empresa_id_empresas", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.add_column(
        "chamados", sa.Column("etiquetas", sa.JSON(), server_default="[]", nullable=False)
    )
    op.create_table(
        "etiquetas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=40), nullable=False),
        sa.Column("cor", sa.String(length=7), nullable=True),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa_fk("etiquetas"),
        sa.PrimaryKeyConstraint("id", name="pk_etiquetas"),
        sa.UniqueConstraint("empresa_id", "nome", name="uq_etiquetas_empresa_nome"),
        sa.UniqueConstraint("empresa_id", "id", name="uq_etiquetas_empresa_id"),
    )
    op.create_table(
        "chamado_etiquetas",
        sa.Column("chamado_id", BigId, nullable=False),
        sa.Column("etiqueta_id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa_fk("chamado_etiquetas"),
        sa.ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            name="fk_chamado_etiquetas_chamado_empresa",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "etiqueta_id"],
            ["etiquetas.empresa_id", "etiquetas.id"],
            name="fk_chamado_etiquetas_etiqueta_empresa",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "empresa_id", "chamado_id", "etiqueta_id", name="pk_chamado_etiquetas"
        ),
    )
    op.create_index(
        "ix_chamado_etiquetas_etiqueta",
        "chamado_etiquetas",
        ["empresa_id", "etiqueta_id", "chamado_id"],
    )
    op.create_table(
        "respostas_prontas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("titulo", sa.String(length=80), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa_fk("respostas_prontas"),
        sa.PrimaryKeyConstraint("id", name="pk_respostas_prontas"),
        sa.UniqueConstraint("empresa_id", "titulo", name="uq_respostas_prontas_titulo"),
    )


def downgrade() -> None:
    op.drop_table("respostas_prontas")
    op.drop_index("ix_chamado_etiquetas_etiqueta", table_name="chamado_etiquetas")
    op.drop_table("chamado_etiquetas")
    op.drop_table("etiquetas")
    op.drop_column("chamados", "etiquetas")
