from datetime import datetime

from sqlalchemy import JSON, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, utcnow


class IntencaoEmpresa(TenantScoped, Base):
    """An empresa's own version of a triage intent: a bundled one it changed (its answer,
    priority, team, whether it is automatic, extra examples) or one it created."""

    __tablename__ = "intencoes_empresa"
    __table_args__ = (UniqueConstraint("empresa_id", "nome", name="uq_intencoes_empresa_nome"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(50))
    descricao: Mapped[str] = mapped_column(String(300), default="")
    prioridade: Mapped[str] = mapped_column(String(10))
    resposta_automatica: Mapped[bool] = mapped_column(default=False)
    resposta: Mapped[str] = mapped_column(Text)
    resposta_encaminhamento: Mapped[str | None] = mapped_column(Text)
    equipe: Mapped[str | None] = mapped_column(String(120))
    # Added to the bundled intent's examples (all of a created intent's examples).
    exemplos: Mapped[list[str]] = mapped_column(JSON, default=list)
    data_atualizacao: Mapped[datetime] = mapped_column(default=utcnow)


class LimiaresTriagem(TenantScoped, Base):
    """An empresa's thresholds for answering automatically (none: the installation's)."""

    __tablename__ = "limiares_triagem"
    __table_args__ = (UniqueConstraint("empresa_id", name="uq_limiares_triagem_empresa"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    confianca_minima: Mapped[float] = mapped_column(Float)
    margem_minima: Mapped[float] = mapped_column(Float)
