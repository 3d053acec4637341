"""What the customer buys and pays: plans, contracts, invoices and payments.

Money is integer centavos in every column (exact, and what boletos and PIX carry); the API
shows it as a decimal string with two places.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, one_of, utcnow
from src.models.enums import MeioPagamento, StatusContrato


def reais(centavos: int) -> Decimal:
    return Decimal(centavos).scaleb(-2)


class Plano(TenantScoped, Base):
    """A plan the empresa sells; its attributes (velocidade, franquia...) are data."""

    __tablename__ = "planos"
    __table_args__ = (
        UniqueConstraint("empresa_id", "nome", name="uq_planos_empresa_nome"),
        UniqueConstraint("empresa_id", "id", name="uq_planos_empresa_id"),
        CheckConstraint("preco_mensal_centavos >= 0", name="preco_mensal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(80))
    descricao: Mapped[str | None] = mapped_column(Text)
    preco_mensal_centavos: Mapped[int] = mapped_column(BigInteger)
    atributos: Mapped[dict | None] = mapped_column(JSON)
    ativo: Mapped[bool] = mapped_column(default=True)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def preco_mensal(self) -> Decimal:
        return reais(self.preco_mensal_centavos)


class Contrato(TenantScoped, Base):
    """A customer's subscription to a plan, billed every month on its due day."""

    __tablename__ = "contratos"
    __table_args__ = (
        UniqueConstraint("empresa_id", "id", name="uq_contratos_empresa_id"),
        ForeignKeyConstraint(
            ["empresa_id", "cliente_id"],
            ["clientes.empresa_id", "clientes.id"],
            ondelete="CASCADE",
            name="fk_contratos_cliente_empresa",
        ),
        ForeignKeyConstraint(
            ["empresa_id", "plano_id"],
            ["planos.empresa_id", "planos.id"],
            name="fk_contratos_plano_empresa",
        ),
        one_of("status", StatusContrato),
        CheckConstraint("dia_vencimento BETWEEN 1 AND 28", name="dia_vencimento"),
        Index("ix_contratos_cliente", "empresa_id", "cliente_id"),
        Index("ix_contratos_plano", "empresa_id", "plano_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cliente_id: Mapped[int] = mapped_column(BigId)
    plano_id: Mapped[int]
    inicio: Mapped[date]
    fim: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default=StatusContrato.ATIVO)
    dia_vencimento: Mapped[int]
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)


class EventoContrato(TenantScoped, Base):
    """What happened to a contract (created, plan changed, status changed), with who and when.

    A plan change's proration is an adjustment (`ajuste_centavos`, + charge / - credit) that the
    next invoice created without an explicit amount takes in (`fatura_id` then names it)."""

    __tablename__ = "eventos_contrato"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "contrato_id"],
            ["contratos.empresa_id", "contratos.id"],
            ondelete="CASCADE",
            name="fk_eventos_contrato_contrato_empresa",
        ),
        Index("ix_eventos_contrato_contrato", "empresa_id", "contrato_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    contrato_id: Mapped[int] = mapped_column(BigId)
    tipo: Mapped[str] = mapped_column(String(30))
    dados: Mapped[dict | None] = mapped_column(JSON)
    ajuste_centavos: Mapped[int | None] = mapped_column(BigInteger)
    fatura_id: Mapped[int | None] = mapped_column(BigId)
    usuario_id: Mapped[int | None]
    data: Mapped[datetime] = mapped_column(default=utcnow)


class Fatura(TenantScoped, Base):
    """One month (competência) of a contract: what is owed and until when."""

    __tablename__ = "faturas"
    __table_args__ = (
        UniqueConstraint("empresa_id", "id", name="uq_faturas_empresa_id"),
        # One invoice per contract and month: a repeated POST is a conflict, not a double charge.
        UniqueConstraint(
            "empresa_id", "contrato_id", "competencia", name="uq_faturas_contrato_competencia"
        ),
        ForeignKeyConstraint(
            ["empresa_id", "contrato_id"],
            ["contratos.empresa_id", "contratos.id"],
            ondelete="CASCADE",
            name="fk_faturas_contrato_empresa",
        ),
        CheckConstraint("valor_centavos > 0", name="valor"),
        CheckConstraint("status IN ('aberta', 'paga', 'cancelada')", name="status"),
        # A customer's open invoices (their summary); the list filtered by status and due date.
        Index("ix_faturas_cliente", "empresa_id", "cliente_id", "status", "vencimento"),
        Index("ix_faturas_status", "empresa_id", "status", "vencimento"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    contrato_id: Mapped[int] = mapped_column(BigId)
    # The contract's customer, kept here so "this customer's invoices" needs no join.
    cliente_id: Mapped[int] = mapped_column(BigId)
    competencia: Mapped[str] = mapped_column(String(7))  # "2026-11"
    valor_centavos: Mapped[int] = mapped_column(BigInteger)
    vencimento: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="aberta")
    pago_centavos: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    pago_em: Mapped[datetime | None]
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def valor(self) -> Decimal:
        return reais(self.valor_centavos)

    @property
    def valor_pago(self) -> Decimal:
        return reais(self.pago_centavos)


class Pagamento(TenantScoped, Base):
    """Money received for an invoice, as the bank or the payment provider reported it."""

    __tablename__ = "pagamentos"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "fatura_id"],
            ["faturas.empresa_id", "faturas.id"],
            ondelete="CASCADE",
            name="fk_pagamentos_fatura_empresa",
        ),
        # The provider's id of the payment: a notice delivered twice is recorded once.
        UniqueConstraint("empresa_id", "id_externo", name="uq_pagamentos_id_externo"),
        CheckConstraint("valor_centavos > 0", name="valor"),
        one_of("meio", MeioPagamento),
        Index("ix_pagamentos_fatura", "empresa_id", "fatura_id"),
        Index("ix_pagamentos_cliente", "empresa_id", "cliente_id", "data"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fatura_id: Mapped[int] = mapped_column(BigId)
    cliente_id: Mapped[int] = mapped_column(BigId)
    valor_centavos: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[date]
    meio: Mapped[str] = mapped_column(String(20))
    id_externo: Mapped[str | None] = mapped_column(String(100))
    usuario_id: Mapped[int | None]
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def valor(self) -> Decimal:
        return reais(self.valor_centavos)
