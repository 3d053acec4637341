"""initial schema: usuarios, clientes, chamados, respostas

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "usuarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=50), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("hashed_password", sa.String(length=255), nullable=False),
        sa.Column("papel", sa.String(length=20), nullable=False),
        sa.Column("ativo", sa.Boolean(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usuarios")),
        sa.UniqueConstraint("email", name=op.f("uq_usuarios_email")),
        sa.UniqueConstraint("username", name=op.f("uq_usuarios_username")),
    )
    op.create_table(
        "clientes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nome", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("telefone", sa.String(length=20), nullable=True),
        sa.Column("canal_preferido", sa.String(length=20), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clientes")),
        sa.UniqueConstraint("email", name=op.f("uq_clientes_email")),
    )
    op.create_table(
        "chamados",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cliente_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("canal", sa.String(length=20), nullable=False),
        sa.Column("mensagem", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resposta_automatica", sa.Text(), nullable=True),
        sa.Column("encaminhado_para_humano", sa.Boolean(), nullable=False),
        sa.Column("intencao", sa.String(length=50), nullable=False),
        sa.Column("prioridade", sa.String(length=10), nullable=False),
        sa.Column("confianca", sa.Float(), nullable=True),
        sa.Column("triagem_backend", sa.String(length=20), nullable=True),
        sa.Column("versao_catalogo", sa.String(length=40), nullable=True),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("data_atualizacao", Timestamp, nullable=False),
        sa.Column("data_primeira_resposta", Timestamp, nullable=True),
        sa.CheckConstraint(
            "canal IN ('site', 'whatsapp', 'email')", name=op.f("ck_chamados_canal")
        ),
        sa.CheckConstraint(
            "status IN ('aberto', 'resolvido', 'encaminhado')",
            name=op.f("ck_chamados_status"),
        ),
        sa.CheckConstraint(
            "prioridade IN ('baixa', 'média', 'alta')",
            name=op.f("ck_chamados_prioridade"),
        ),
        sa.ForeignKeyConstraint(
            ["cliente_id"],
            ["clientes.id"],
            name=op.f("fk_chamados_cliente_id_clientes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["usuarios.id"],
            name=op.f("fk_chamados_user_id_usuarios"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chamados")),
    )
    op.create_index("ix_chamados_recentes", "chamados", ["data_criacao", "id"])
    op.create_index("ix_chamados_canal_recentes", "chamados", ["canal", "data_criacao", "id"])
    op.create_index("ix_chamados_status_recentes", "chamados", ["status", "data_criacao", "id"])
    op.create_index(
        "ix_chamados_cliente_recentes", "chamados", ["cliente_id", "data_criacao", "id"]
    )
    op.create_index("ix_chamados_intencao", "chamados", ["intencao"])
    op.create_index(op.f("ix_chamados_user_id"), "chamados", ["user_id"])
    op.create_table(
        "respostas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chamado_id", sa.Integer(), nullable=False),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("mensagem", sa.Text(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuarios.id"],
            name=op.f("fk_respostas_autor_id_usuarios"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["chamado_id"],
            ["chamados.id"],
            name=op.f("fk_respostas_chamado_id_chamados"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_respostas")),
    )
    op.create_index("ix_respostas_chamado", "respostas", ["chamado_id", "data_criacao", "id"])


def downgrade() -> None:
    op.drop_table("respostas")
    op.drop_table("chamados")
    op.drop_table("clientes")
    op.drop_table("usuarios")
