"""e-mail: a mailbox's reading state on its channel, the subject and original text of
messages, and the attachments that came with them

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("canais", sa.Column("estado", sa.JSON(), nullable=True))
    # Plain ADD COLUMN: a batch copy of mensagens on SQLite would drop its search triggers.
    op.add_column("mensagens", sa.Column("assunto", sa.String(length=300), nullable=True))
    op.add_column("mensagens", sa.Column("conteudo_original", sa.Text(), nullable=True))
    op.create_table(
        "anexos",
        sa.Column("id", BigId, nullable=False),
        sa.Column("mensagem_id", BigId, nullable=False),
        sa.Column("nome", sa.String(length=255), nullable=False),
        sa.Column("tipo", sa.String(length=100), nullable=False),
        sa.Column("tamanho", sa.Integer(), nullable=False),
        sa.Column("conteudo", sa.LargeBinary(), nullable=True),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_anexos_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mensagem_id"],
            ["mensagens.id"],
            name=op.f("fk_anexos_mensagem_id_mensagens"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_anexos")),
    )
    op.create_index("ix_anexos_mensagem", "anexos", ["empresa_id", "mensagem_id"])


def downgrade() -> None:
    op.drop_index("ix_anexos_mensagem", table_name="anexos")
    op.drop_table("anexos")
    for coluna in ("conteudo_original", "assunto"):  # native on SQLite >= 3.35
        op.execute(f"ALTER TABLE mensagens DROP COLUMN {coluna}")
    with op.batch_alter_table("canais") as batch:
        batch.drop_column("estado")
