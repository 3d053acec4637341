"""equipes: teams of operators per empresa, their members (leads marked) and their intents

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "equipes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=80), nullable=False),
        sa.Column("intencoes", sa.JSON(), nullable=False),
        sa.Column("data_criacao", sa.DateTime(timezone=True), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_equipes_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_equipes"),
        sa.UniqueConstraint("empresa_id", "nome", name="uq_equipes_empresa_nome"),
        sa.UniqueConstraint("empresa_id", "id", name="uq_equipes_empresa_id"),
    )
    op.create_table(
        "equipe_membros",
        sa.Column("equipe_id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("lider", sa.Boolean(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_equipe_membros_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "equipe_id"],
            ["equipes.empresa_id", "equipes.id"],
            name="fk_equipe_membros_equipe_empresa",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuarios.id"],
            name="fk_equipe_membros_usuario_id_usuarios",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("empresa_id", "equipe_id", "usuario_id", name="pk_equipe_membros"),
    )
    op.create_index("ix_equipe_membros_usuario", "equipe_membros", ["empresa_id", "usuario_id"])


def downgrade() -> None:
    op.drop_index("ix_equipe_membros_usuario", table_name="equipe_membros")
    op.drop_table("equipe_membros")
    op.drop_table("equipes")
