"""crm: plans, contracts and their events, invoices, payments; customers' CPF/CNPJ and
address; the empresa's payment details

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_TS = sa.DateTime(timezone=True)


def _empresa(table: str) -> list:
    return [
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id"],
            ["empresas.id"],
            name=f"fk_{table}_empresa_id_empresas",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
    ]


def upgrade() -> None:
    with op.batch_alter_table("clientes") as batch:
        batch.add_column(sa.Column("cpf_cnpj", sa.String(length=14), nullable=True))
        batch.add_column(sa.Column("endereco", sa.JSON(), nullable=True))
        batch.create_unique_constraint("uq_clientes_empresa_cpf_cnpj", ["empresa_id", "cpf_cnpj"])
    op.add_column("empresas", sa.Column("cobranca", sa.JSON(), nullable=True))

    op.create_table(
        "planos",
        sa.Column("id", sa.Integer(), nullable=False),
        *_empresa("planos"),
        sa.Column("nome", sa.String(length=80), nullable=False),
        sa.Column("descricao", sa.Text(), nullable=True),
        sa.Column("preco_mensal_centavos", sa.BigInteger(), nullable=False),
        sa.Column("atributos", sa.JSON(), nullable=True),
        sa.Column("ativo", sa.Boolean(), nullable=False),
        sa.Column("data_criacao", _TS, nullable=False),
        sa.UniqueConstraint("empresa_id", "nome", name="uq_planos_empresa_nome"),
        sa.UniqueConstraint("empresa_id", "id", name="uq_planos_empresa_id"),
        sa.CheckConstraint("preco_mensal_centavos >= 0", name="ck_planos_preco_mensal"),
    )
    op.create_table(
        "contratos",
        sa.Column("id", BigId, nullable=False),
        *_empresa("contratos"),
        sa.Column("cliente_id", BigId, nullable=False),
        sa.Column("plano_id", sa.Integer(), nullable=False),
        sa.Column("inicio", sa.Date(), nullable=False),
        sa.Column("fim", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("dia_vencimento", sa.Integer(), nullable=False),
        sa.Column("data_criacao", _TS, nullable=False),
        sa.UniqueConstraint("empresa_id", "id", name="uq_contratos_empresa_id"),
        sa.ForeignKeyConstraint(
            ["empresa_id", "cliente_id"],
            ["clientes.empresa_id", "clientes.id"],
            ondelete="CASCADE",
            name="fk_contratos_cliente_empresa",
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "plano_id"],
            ["planos.empresa_id", "planos.id"],
            name="fk_contratos_plano_empresa",
        ),
        sa.CheckConstraint(
            "status IN ('ativo', 'suspenso', 'cancelado')", name="ck_contratos_status"
        ),
        sa.CheckConstraint("dia_vencimento BETWEEN 1 AND 28", name="ck_contratos_dia_vencimento"),
    )
    op.create_index("ix_contratos_cliente", "contratos", ["empresa_id", "cliente_id"])
    op.create_index("ix_contratos_plano", "contratos", ["empresa_id", "plano_id"])
    op.create_table(
        "eventos_contrato",
        sa.Column("id", BigId, nullable=False),
        *_empresa("eventos_contrato"),
        sa.Column("contrato_id", BigId, nullable=False),
        sa.Column("tipo", sa.String(length=30), nullable=False),
        sa.Column("dados", sa.JSON(), nullable=True),
        sa.Column("ajuste_centavos", sa.BigInteger(), nullable=True),
        sa.Column("fatura_id", BigId, nullable=True),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("data", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id", "contrato_id"],
            ["contratos.empresa_id", "contratos.id"],
            ondelete="CASCADE",
            name="fk_eventos_contrato_contrato_empresa",
        ),
    )
    op.create_index(
        "ix_eventos_contrato_contrato", "eventos_contrato", ["empresa_id", "contrato_id", "id"]
    )
    op.create_table(
        "faturas",
        sa.Column("id", BigId, nullable=False),
        *_empresa("faturas"),
        sa.Column("contrato_id", BigId, nullable=False),
        sa.Column("cliente_id", BigId, nullable=False),
        sa.Column("competencia", sa.String(length=7), nullable=False),
        sa.Column("valor_centavos", sa.BigInteger(), nullable=False),
        sa.Column("vencimento", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("pago_centavos", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("pago_em", _TS, nullable=True),
        sa.Column("data_criacao", _TS, nullable=False),
        sa.UniqueConstraint("empresa_id", "id", name="uq_faturas_empresa_id"),
        sa.UniqueConstraint(
            "empresa_id", "contrato_id", "competencia", name="uq_faturas_contrato_competencia"
        ),
        sa.ForeignKeyConstraint(
            ["empresa_id", "contrato_id"],
            ["contratos.empresa_id", "contratos.id"],
            ondelete="CASCADE",
            name="fk_faturas_contrato_empresa",
        ),
        sa.CheckConstraint("valor_centavos > 0", name="ck_faturas_valor"),
        sa.CheckConstraint("status IN ('aberta', 'paga', 'cancelada')", name="ck_faturas_status"),
    )
    op.create_index(
        "ix_faturas_cliente", "faturas", ["empresa_id", "cliente_id", "status", "vencimento"]
    )
    op.create_index("ix_faturas_status", "faturas", ["empresa_id", "status", "vencimento"])
    op.create_table(
        "pagamentos",
        sa.Column("id", BigId, nullable=False),
        *_empresa("pagamentos"),
        sa.Column("fatura_id", BigId, nullable=False),
        sa.Column("cliente_id", BigId, nullable=False),
        sa.Column("valor_centavos", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.Date(), nullable=False),
        sa.Column("meio", sa.String(length=20), nullable=False),
        sa.Column("id_externo", sa.String(length=100), nullable=True),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("data_criacao", _TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["empresa_id", "fatura_id"],
            ["faturas.empresa_id", "faturas.id"],
            ondelete="CASCADE",
            name="fk_pagamentos_fatura_empresa",
        ),
        sa.UniqueConstraint("empresa_id", "id_externo", name="uq_pagamentos_id_externo"),
        sa.CheckConstraint("valor_centavos > 0", name="ck_pagamentos_valor"),
        sa.CheckConstraint(
            "meio IN ('pix', 'boleto', 'cartao', 'debito_automatico', 'transferencia', 'dinheiro')",
            name="ck_pagamentos_meio",
        ),
    )
    op.create_index("ix_pagamentos_fatura", "pagamentos", ["empresa_id", "fatura_id"])
    op.create_index("ix_pagamentos_cliente", "pagamentos", ["empresa_id", "cliente_id", "data"])


def downgrade() -> None:
    op.drop_table("pagamentos")
    op.drop_table("faturas")
    op.drop_table("eventos_contrato")
    op.drop_table("contratos")
    op.drop_table("planos")
    with op.batch_alter_table("empresas") as batch:
        batch.drop_column("cobranca")
    with op.batch_alter_table("clientes") as batch:
        batch.drop_constraint("uq_clientes_empresa_cpf_cnpj", type_="unique")
        batch.drop_column("endereco")
        batch.drop_column("cpf_cnpj")
