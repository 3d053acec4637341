from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from src.models.base import Base, utcnow

# The empresa every install starts with: single-company installs never see another one, and
# public sign-ups join it. Its slug is fixed, so code and migrations find it without an id.
EMPRESA_PADRAO_SLUG = "padrao"


class Empresa(Base):
    """A company served by this installation: the tenant every other row belongs to."""

    __tablename__ = "empresas"

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    # Inactive: every token of its operators is refused at once (checked on each request).
    ativa: Mapped[bool] = mapped_column(default=True)
    # A customer who writes this many days after a ticket was resolved gets a new ticket
    # (linked to the old one) instead of reopening it.
    janela_reabertura_dias: Mapped[int] = mapped_column(default=7, server_default="7")
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
