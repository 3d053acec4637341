"""sla: due times and state on chamados, policies per priority, business calendars per empresa,
notifications for operators

Existing chamados get no due times and keep none (an SLA started now from their opening would
breach at once); the sweep only looks at tickets that have them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
CHAMADO_COLUMNS = (
    sa.Column("sla_primeira_resposta_ate", Timestamp),
    sa.Column("sla_resolucao_ate", Timestamp),
    sa.Column("sla_estado", sa.String(length=20)),
    sa.Column("sla_pausado_em", Timestamp),
    sa.Column("sla_minutos_pausado", sa.Float(), server_default="0", nullable=False),
    sa.Column("sla_vence_em", Timestamp),
    sa.Column("sla_verificar_em", Timestamp),
    sa.Column("sla_alertas", sa.Integer(), server_default="0", nullable=False),
)
EMPRESA_COLUMNS = (
    sa.Column(
        "fuso_horario", sa.String(length=64), server_default="America/Sao_Paulo", nullable=False
    ),
    sa.Column("expediente", sa.JSON()),
    sa.Column("folgas", sa.JSON()),
)


def upgrade() -> None:
    for column in CHAMADO_COLUMNS:
        op.add_column("chamados", column)
    for column in EMPRESA_COLUMNS:
        op.add_column("empresas", column)
    op.create_index("ix_chamados_sla_vence", "chamados", ["empresa_id", "sla_vence_em", "id"])
    op.create_index("ix_chamados_sla_verificar", "chamados", ["sla_verificar_em"])
    op.create_table(
        "politicas_sla",
        sa.Column("prioridade", sa.String(length=10), nullable=False),
        sa.Column("primeira_resposta_minutos", sa.Integer(), nullable=False),
        sa.Column("resolucao_minutos", sa.Integer(), nullable=False),
        sa.Column("ao_violar_subir_prioridade", sa.Boolean(), nullable=False),
        sa.Column("ao_violar_equipe_id", sa.Integer(), nullable=True),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "prioridade IN ('baixa', 'média', 'alta')", name="ck_politicas_sla_prioridade"
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_politicas_sla_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "ao_violar_equipe_id"],
            ["equipes.empresa_id", "equipes.id"],
            name="fk_politicas_sla_equipe_empresa",
        ),
        sa.PrimaryKeyConstraint("empresa_id", "prioridade", name="pk_politicas_sla"),
    )
    op.create_table(
        "notificacoes",
        sa.Column("id", BigId, nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("chamado_id", BigId, nullable=True),
        sa.Column("tipo", sa.String(length=40), nullable=False),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("lida", sa.Boolean(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name="fk_notificacoes_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            name="fk_notificacoes_chamado_empresa",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuarios.id"],
            name="fk_notificacoes_usuario_id_usuarios",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notificacoes"),
    )
    op.create_index(
        "ix_notificacoes_usuario", "notificacoes", ["empresa_id", "usuario_id", "lida", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_notificacoes_usuario", table_name="notificacoes")
    op.drop_table("notificacoes")
    op.drop_table("politicas_sla")
    op.drop_index("ix_chamados_sla_verificar", table_name="chamados")
    op.drop_index("ix_chamados_sla_vence", table_name="chamados")
    for column in EMPRESA_COLUMNS:
        op.drop_column("empresas", column.name)
    for column in CHAMADO_COLUMNS:
        op.drop_column("chamados", column.name)
