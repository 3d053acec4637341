from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, utcnow


class Equipe(TenantScoped, Base):
    """A team of operators of one empresa (Financeiro, Suporte Técnico…) and the intents whose
    tickets it takes."""

    __tablename__ = "equipes"
    __table_args__ = (
        UniqueConstraint("empresa_id", "nome", name="uq_equipes_empresa_nome"),
        UniqueConstraint("empresa_id", "id", name="uq_equipes_empresa_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(80))
    # Names from the triage catalog; one intent belongs to at most one team of the empresa.
    intencoes: Mapped[list[str]] = mapped_column(JSON, default=list)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)


class EquipeMembro(TenantScoped, Base):
    """An operator in a team; leads are the ones told when the team's tickets are at risk."""

    __tablename__ = "equipe_membros"
    __table_args__ = (
        PrimaryKeyConstraint("empresa_id", "equipe_id", "usuario_id"),
        # Within the empresa, like every reference between tenant rows (docs/escala.md).
        ForeignKeyConstraint(
            ["empresa_id", "equipe_id"],
            ["equipes.empresa_id", "equipes.id"],
            ondelete="CASCADE",
            name="fk_equipe_membros_equipe_empresa",
        ),
        Index("ix_equipe_membros_usuario", "empresa_id", "usuario_id"),
    )

    equipe_id: Mapped[int]
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuarios.id", ondelete="CASCADE"))
    lider: Mapped[bool] = mapped_column(default=False)
