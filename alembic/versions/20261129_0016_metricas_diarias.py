"""métricas diárias: per-day sums and time histograms behind /metricas/sla, csat, atendentes
and periodo, filled from the existing chamados

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTAGENS = (
    "chamados",
    "resolvidos_automaticamente",
    "resolvidos",
    "reabertos",
    "sla_chamados",
    "sla_pr_cumpridos",
    "sla_pr_violados",
    "sla_res_cumpridos",
    "sla_res_violados",
    "sla_em_aberto",
    "sla_em_risco",
    "sla_reabertos",
    "csat_1",
    "csat_2",
    "csat_3",
    "csat_4",
    "csat_5",
    "pr_chamados",
    "res_chamados",
)


def _empresa(table: str) -> list:
    return [
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name=f"fk_{table}_empresa_id_empresas",
            ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "metricas_diarias",
        sa.Column("dimensao", sa.String(length=20), nullable=False),
        sa.Column("dia", sa.Date(), nullable=False),
        sa.Column("valor", sa.String(length=50), nullable=False),
        sa.Column("shard", sa.SmallInteger(), nullable=False),
        *(sa.Column(nome, sa.BigInteger(), nullable=False) for nome in CONTAGENS),
        sa.Column("pr_minutos", sa.Float(), nullable=False),
        sa.Column("res_minutos", sa.Float(), nullable=False),
        *_empresa("metricas_diarias"),
        sa.PrimaryKeyConstraint(
            "empresa_id", "dimensao", "dia", "valor", "shard", name=op.f("pk_metricas_diarias")
        ),
    )
    # The same recount the service uses (one definition of what a ticket contributes). It
    # writes the columns of today's models: a later migration that changes these tables must
    # move this backfill after itself. A new database has no tickets and writes nothing.
    from src.metricas.cubo_repository import reconstruir_todas

    reconstruir_todas(op.get_bind())


def downgrade() -> None:
    op.drop_table("metricas_diarias")
