"""webhooks: integrators' endpoints, the deliveries of each event (the outbox) and every
attempt of each

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
A_ENTREGAR = "estado IN ('pendente', 'enviando')"


def _empresa(tabela: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresas.id"], name=f"fk_{tabela}_empresa_id_empresas", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("descricao", sa.String(length=200), nullable=False),
        sa.Column("eventos", sa.JSON(), nullable=False),
        sa.Column("segredo", sa.Text(), nullable=False),
        sa.Column("ativo", sa.Boolean(), nullable=False),
        sa.Column("motivo_desativacao", sa.String(length=300), nullable=True),
        sa.Column("falhando_desde", Timestamp, nullable=True),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("data_atualizacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa("webhooks"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhooks")),
        sa.UniqueConstraint("empresa_id", "id", name="uq_webhooks_empresa_id"),
    )
    op.create_table(
        "entregas_webhook",
        sa.Column("id", BigId, nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("mensagem_id", sa.String(length=64), nullable=False),
        sa.Column("tipo", sa.String(length=60), nullable=False),
        sa.Column("corpo", sa.Text(), nullable=False),
        sa.Column("estado", sa.String(length=20), nullable=False),
        sa.Column("tentativas", sa.Integer(), nullable=False),
        sa.Column("proxima_em", Timestamp, nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("entregue_em", Timestamp, nullable=True),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "estado IN ('pendente', 'enviando', 'entregue', 'falhou')",
            name=op.f("ck_entregas_webhook_estado"),
        ),
        _empresa("entregas_webhook"),
        sa.ForeignKeyConstraint(
            ["empresa_id", "webhook_id"],
            ["webhooks.empresa_id", "webhooks.id"],
            name="fk_entregas_webhook_webhook",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entregas_webhook")),
    )
    op.create_index(
        "ix_entregas_webhook_webhook", "entregas_webhook", ["empresa_id", "webhook_id", "id"]
    )
    op.create_index(
        "ix_entregas_webhook_a_entregar",
        "entregas_webhook",
        ["proxima_em"],
        postgresql_where=sa.text(A_ENTREGAR),
        sqlite_where=sa.text(A_ENTREGAR),
    )
    op.create_table(
        "tentativas_webhook",
        sa.Column("id", BigId, nullable=False),
        sa.Column("entrega_id", BigId, nullable=False),
        sa.Column("status_http", sa.Integer(), nullable=True),
        sa.Column("erro", sa.String(length=500), nullable=True),
        sa.Column("duracao_ms", sa.Integer(), nullable=False),
        sa.Column("data", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa("tentativas_webhook"),
        sa.ForeignKeyConstraint(
            ["entrega_id"],
            ["entregas_webhook.id"],
            name=op.f("fk_tentativas_webhook_entrega_id_entregas_webhook"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tentativas_webhook")),
    )
    op.create_index("ix_tentativas_webhook_entrega", "tentativas_webhook", ["entrega_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_tentativas_webhook_entrega", table_name="tentativas_webhook")
    op.drop_table("tentativas_webhook")
    op.drop_index("ix_entregas_webhook_a_entregar", table_name="entregas_webhook")
    op.drop_index("ix_entregas_webhook_webhook", table_name="entregas_webhook")
    op.drop_table("entregas_webhook")
    op.drop_table("webhooks")
