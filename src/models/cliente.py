from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from src.models.base import Base, utcnow
from src.models.enums import Canal


class Cliente(Base):
    """A customer who writes in through one of the channels."""

    __tablename__ = "clientes"

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(255), unique=True)
    telefone: Mapped[str | None] = mapped_column(String(20))
    canal_preferido: Mapped[str] = mapped_column(String(20), default=Canal.SITE)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
