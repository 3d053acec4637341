from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, one_of, utcnow
from src.models.enums import Prioridade


class PoliticaSla(TenantScoped, Base):
    """An empresa's targets for one priority, in business minutes, and what a breach does."""

    __tablename__ = "politicas_sla"
    __table_args__ = (
        PrimaryKeyConstraint("empresa_id", "prioridade"),
        one_of("prioridade", Prioridade),
        ForeignKeyConstraint(
            ["empresa_id", "ao_violar_equipe_id"],
            ["equipes.empresa_id", "equipes.id"],
            name="fk_politicas_sla_equipe_empresa",
        ),
    )

    prioridade: Mapped[str] = mapped_column(String(10))
    primeira_resposta_minutos: Mapped[int]
    resolucao_minutos: Mapped[int]
    ao_violar_subir_prioridade: Mapped[bool] = mapped_column(default=False)
    ao_violar_equipe_id: Mapped[int | None]


class NotificacaoUsuario(TenantScoped, Base):
    """Something an operator must see (an SLA at risk or breached on a ticket they answer for)."""

    __tablename__ = "notificacoes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            ondelete="CASCADE",
            name="fk_notificacoes_chamado_empresa",
        ),
        Index("ix_notificacoes_usuario", "empresa_id", "usuario_id", "lida", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuarios.id", ondelete="CASCADE"))
    chamado_id: Mapped[int | None] = mapped_column(BigId)
    tipo: Mapped[str] = mapped_column(String(40))
    texto: Mapped[str] = mapped_column(Text)
    lida: Mapped[bool] = mapped_column(default=False)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
