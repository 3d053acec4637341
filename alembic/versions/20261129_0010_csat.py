"""csat: a satisfaction survey per resolved chamado (its token and answer live on the chamado)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    sa.Column("csat_token", sa.String(length=64)),
    sa.Column("csat_nota", sa.Integer()),
    sa.Column("csat_comentario", sa.Text()),
    sa.Column("csat_respondido_em", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("chamados", column)
    # A unique index (not a constraint): SQLite adds it without rebuilding the table.
    op.create_index("uq_chamados_csat_token", "chamados", ["csat_token"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_chamados_csat_token", table_name="chamados")
    for column in COLUMNS:
        op.drop_column("chamados", column.name)
