"""modelos do WhatsApp: the message templates of each WhatsApp account, synced from Meta

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "modelos_whatsapp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canal_id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=512), nullable=False),
        sa.Column("idioma", sa.String(length=20), nullable=False),
        sa.Column("categoria", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("componentes", sa.JSON(), nullable=False),
        sa.Column("atualizado_em", sa.DateTime(timezone=True), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_modelos_whatsapp_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "canal_id"],
            ["canais.empresa_id", "canais.id"],
            name="fk_modelos_whatsapp_canal",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_modelos_whatsapp")),
        sa.UniqueConstraint("canal_id", "nome", "idioma", name="uq_modelos_whatsapp_nome"),
    )


def downgrade() -> None:
    op.drop_table("modelos_whatsapp")
