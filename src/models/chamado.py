from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, utcnow
from src.models.enums import Canal, Prioridade, StatusChamado


def _one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


class Chamado(TenantScoped, Base):
    """A ticket: one customer message, its triage and its answer."""

    __tablename__ = "chamados"
    __table_args__ = (
        _one_of("canal", Canal),
        _one_of("status", StatusChamado),
        _one_of("prioridade", Prioridade),
        # A chamado can only point at a cliente of its own empresa, whatever id is sent.
        ForeignKeyConstraint(
            ["empresa_id", "cliente_id"],
            ["clientes.empresa_id", "clientes.id"],
            ondelete="CASCADE",
            name="fk_chamados_cliente_empresa",
        ),
        UniqueConstraint("empresa_id", "id", name="uq_chamados_empresa_id"),
        # Every list is "one empresa's chamados, newest first", optionally filtered: one index
        # each, led by empresa_id (also the distribution column in docs/escala.md).
        Index("ix_chamados_recentes", "empresa_id", "data_criacao", "id"),
        Index("ix_chamados_canal_recentes", "empresa_id", "canal", "data_criacao", "id"),
        Index("ix_chamados_status_recentes", "empresa_id", "status", "data_criacao", "id"),
        Index("ix_chamados_cliente_recentes", "empresa_id", "cliente_id", "data_criacao", "id"),
        Index("ix_chamados_intencao", "empresa_id", "intencao"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cliente_id: Mapped[int] = mapped_column(BigId)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuarios.id", ondelete="SET NULL"), index=True
    )
    canal: Mapped[str] = mapped_column(String(20))
    mensagem: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=StatusChamado.ABERTO)
    resposta_automatica: Mapped[str | None] = mapped_column(Text)
    encaminhado_para_humano: Mapped[bool] = mapped_column(default=False)
    intencao: Mapped[str] = mapped_column(String(50))
    prioridade: Mapped[str] = mapped_column(String(10))
    confianca: Mapped[float | None] = mapped_column(Float)
    triagem_backend: Mapped[str | None] = mapped_column(String(20))
    versao_catalogo: Mapped[str | None] = mapped_column(String(40))
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    data_atualizacao: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the customer got a real answer (automatic or an operator's): tempo_medio_resposta.
    data_primeira_resposta: Mapped[datetime | None]


class Resposta(TenantScoped, Base):
    """An operator's reply on a ticket."""

    __tablename__ = "respostas"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            ondelete="CASCADE",
            name="fk_respostas_chamado_empresa",
        ),
        Index("ix_respostas_chamado", "empresa_id", "chamado_id", "data_criacao", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chamado_id: Mapped[int] = mapped_column(BigId)
    autor_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id", ondelete="SET NULL"))
    mensagem: Mapped[str] = mapped_column(Text)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
