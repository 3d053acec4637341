"""triagem pt-BR: why a chamado got its priority, whether the triage resolved it, and the
empresa's links for automatic answers

A greeting now waits on the customer without being resolved or handed off, so "resolved
automatically" becomes its own column; for older tickets it is what it meant until now: not
handed to a person. Older tickets have no priority reasons (NULL); empresas start without
links, so the intents whose answers need one go to a person until an admin sets them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("chamados", sa.Column("motivos_prioridade", sa.JSON()))
    op.add_column(
        "chamados",
        sa.Column(
            "resolvido_automaticamente", sa.Boolean(), server_default=sa.false(), nullable=False
        ),
    )
    op.execute("UPDATE chamados SET resolvido_automaticamente = NOT encaminhado_para_humano")
    op.add_column("empresas", sa.Column("links", sa.JSON()))


def downgrade() -> None:
    op.drop_column("empresas", "links")
    op.drop_column("chamados", "resolvido_automaticamente")
    op.drop_column("chamados", "motivos_prioridade")
