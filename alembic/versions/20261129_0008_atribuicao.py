"""atribuicao: tickets get a team and an operator; operators an availability and a capacity

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_chamados_atendente_recentes": ["empresa_id", "atendente_id", "data_criacao", "id"],
    "ix_chamados_equipe_recentes": ["empresa_id", "equipe_id", "data_criacao", "id"],
    "ix_chamados_carga": ["empresa_id", "atendente_id", "status"],
}


def upgrade() -> None:
    # Plain ADD COLUMN, also on SQLite: a batch rebuild would drop the lower() unique indexes.
    op.add_column(
        "usuarios",
        sa.Column(
            "disponibilidade", sa.String(length=10), server_default="ausente", nullable=False
        ),
    )
    op.add_column(
        "usuarios", sa.Column("capacidade", sa.Integer(), server_default="10", nullable=False)
    )
    op.add_column("usuarios", sa.Column("ultima_atribuicao", sa.DateTime(timezone=True)))
    with op.batch_alter_table("chamados") as batch:
        batch.add_column(sa.Column("atendente_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("equipe_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_chamados_atendente_id_usuarios",
            "usuarios",
            ["atendente_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_chamados_equipe_empresa",
            "equipes",
            ["empresa_id", "equipe_id"],
            ["empresa_id", "id"],
        )
    for name, columns in INDEXES.items():
        op.create_index(name, "chamados", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="chamados")
    with op.batch_alter_table("chamados") as batch:
        batch.drop_constraint("fk_chamados_equipe_empresa", type_="foreignkey")
        batch.drop_constraint("fk_chamados_atendente_id_usuarios", type_="foreignkey")
        batch.drop_column("equipe_id")
        batch.drop_column("atendente_id")
    for column in ("ultima_atribuicao", "capacidade", "disponibilidade"):
        op.drop_column("usuarios", column)  # SQLite 3.35+ drops a column in place
