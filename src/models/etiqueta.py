from datetime import datetime

from sqlalchemy import (
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, utcnow


class Etiqueta(TenantScoped, Base):
    """A label an empresa puts on tickets (vip, reincidente…): its own closed vocabulary."""

    __tablename__ = "etiquetas"
    __table_args__ = (
        UniqueConstraint("empresa_id", "nome", name="uq_etiquetas_empresa_nome"),
        UniqueConstraint("empresa_id", "id", name="uq_etiquetas_empresa_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(40))
    cor: Mapped[str | None] = mapped_column(String(7))
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)


class ChamadoEtiqueta(TenantScoped, Base):
    """A label on a ticket (the ticket also keeps the names, for reading without a join)."""

    __tablename__ = "chamado_etiquetas"
    __table_args__ = (
        PrimaryKeyConstraint("empresa_id", "chamado_id", "etiqueta_id"),
        ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            ondelete="CASCADE",
            name="fk_chamado_etiquetas_chamado_empresa",
        ),
        ForeignKeyConstraint(
            ["empresa_id", "etiqueta_id"],
            ["etiquetas.empresa_id", "etiquetas.id"],
            ondelete="CASCADE",
            name="fk_chamado_etiquetas_etiqueta_empresa",
        ),
        # "Tickets with this label": the list filter.
        Index("ix_chamado_etiquetas_etiqueta", "empresa_id", "etiqueta_id", "chamado_id"),
    )

    chamado_id: Mapped[int] = mapped_column(BigId)
    etiqueta_id: Mapped[int]


class RespostaPronta(TenantScoped, Base):
    """A canned answer operators insert, with placeholders such as {{cliente.nome}}."""

    __tablename__ = "respostas_prontas"
    __table_args__ = (UniqueConstraint("empresa_id", "titulo", name="uq_respostas_prontas_titulo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    titulo: Mapped[str] = mapped_column(String(80))
    texto: Mapped[str] = mapped_column(Text)
    # The WhatsApp template to send instead, outside the 24-hour window (and its language).
    modelo_whatsapp: Mapped[str | None] = mapped_column(String(512))
    modelo_idioma: Mapped[str | None] = mapped_column(String(20))
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
