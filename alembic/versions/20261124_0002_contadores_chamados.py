"""contadores_chamados: transactional running totals for /metricas

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Fills the counters from the tickets already stored, so upgrading keeps /metricas exact.
BACKFILL = """
INSERT INTO contadores_chamados
    (dimensao, valor, shard, total, resolvidos_automaticamente, respondidos, segundos_ate_resposta)
SELECT dimensao, valor, 0, COUNT(*),
       SUM(CASE WHEN encaminhado_para_humano THEN 0 ELSE 1 END),
       COUNT(data_primeira_resposta),
       COALESCE(SUM({seconds}), 0)
FROM (
    SELECT 'geral' AS dimensao, '*' AS valor, c.* FROM chamados c
    UNION ALL SELECT 'canal', canal, c.* FROM chamados c
    UNION ALL SELECT 'status', status, c.* FROM chamados c
    UNION ALL SELECT 'intencao', intencao, c.* FROM chamados c
) AS t
GROUP BY dimensao, valor
"""

SECONDS = {
    "postgresql": "EXTRACT(EPOCH FROM (data_primeira_resposta - data_criacao))",
    "sqlite": "(julianday(data_primeira_resposta) - julianday(data_criacao)) * 86400.0",
}


def upgrade() -> None:
    op.create_table(
        "contadores_chamados",
        sa.Column("dimensao", sa.String(length=20), nullable=False),
        sa.Column("valor", sa.String(length=50), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("resolvidos_automaticamente", sa.BigInteger(), nullable=False),
        sa.Column("respondidos", sa.BigInteger(), nullable=False),
        sa.Column("segundos_ate_resposta", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("dimensao", "valor", "shard", name=op.f("pk_contadores_chamados")),
    )
    dialect = op.get_bind().dialect.name
    op.execute(BACKFILL.format(seconds=SECONDS[dialect]))


def downgrade() -> None:
    op.drop_table("contadores_chamados")
