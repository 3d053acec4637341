"""tempos: business minutes to the first answer and to resolution, and reopen counts, per chamado

Tickets from before this version have no business-time figures (NULL): they are left out of
the time métricas rather than guessed with wall-clock time.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    sa.Column("minutos_primeira_resposta", sa.Float()),
    sa.Column("minutos_resolucao", sa.Float()),
    sa.Column("reaberturas", sa.Integer(), server_default="0", nullable=False),
)


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("chamados", column)


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_column("chamados", column.name)
