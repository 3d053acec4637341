"""respostas prontas: the WhatsApp template a canned answer names for use outside the window

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "respostas_prontas", sa.Column("modelo_whatsapp", sa.String(length=512), nullable=True)
    )
    op.add_column(
        "respostas_prontas", sa.Column("modelo_idioma", sa.String(length=20), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("respostas_prontas") as batch:
        batch.drop_column("modelo_idioma")
        batch.drop_column("modelo_whatsapp")
