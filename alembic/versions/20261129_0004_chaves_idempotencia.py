"""chaves_idempotencia: Idempotency-Key of POST requests and their stored answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chaves_idempotencia",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("chave", sa.String(length=255), nullable=False),
        sa.Column("impressao", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("corpo", sa.Text(), nullable=True),
        sa.Column("data_criacao", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuarios.id"],
            name="fk_chaves_idempotencia_usuario_id_usuarios",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_chaves_idempotencia"),
        sa.UniqueConstraint("usuario_id", "chave", name="uq_chaves_idempotencia_usuario_id"),
    )
    op.create_index("ix_chaves_idempotencia_data_criacao", "chaves_idempotencia", ["data_criacao"])


def downgrade() -> None:
    op.drop_index("ix_chaves_idempotencia_data_criacao", table_name="chaves_idempotencia")
    op.drop_table("chaves_idempotencia")
