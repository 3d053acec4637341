"""catálogo por empresa: each empresa's own version of triage intents, and its thresholds

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)


def _empresa_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresas.id"], name=f"fk_{table}_empresa_id_empresas", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "intencoes_empresa",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=50), nullable=False),
        sa.Column("descricao", sa.String(length=300), nullable=False),
        sa.Column("prioridade", sa.String(length=10), nullable=False),
        sa.Column("resposta_automatica", sa.Boolean(), nullable=False),
        sa.Column("resposta", sa.Text(), nullable=False),
        sa.Column("resposta_encaminhamento", sa.Text(), nullable=True),
        sa.Column("equipe", sa.String(length=120), nullable=True),
        sa.Column("exemplos", sa.JSON(), nullable=False),
        sa.Column("data_atualizacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa_fk("intencoes_empresa"),
        sa.PrimaryKeyConstraint("id", name="pk_intencoes_empresa"),
        sa.UniqueConstraint("empresa_id", "nome", name="uq_intencoes_empresa_nome"),
    )
    op.create_table(
        "limiares_triagem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("confianca_minima", sa.Float(), nullable=False),
        sa.Column("margem_minima", sa.Float(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa_fk("limiares_triagem"),
        sa.PrimaryKeyConstraint("id", name="pk_limiares_triagem"),
        sa.UniqueConstraint("empresa_id", name="uq_limiares_triagem_empresa"),
    )


def downgrade() -> None:
    op.drop_table("limiares_triagem")
    op.drop_table("intencoes_empresa")
