from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from src.models.base import Base, utcnow
from src.models.enums import Papel


class Usuario(Base):
    """An operator account (admin or atendente) that signs in to the API."""

    __tablename__ = "usuarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    hashed_password: Mapped[str] = mapped_column(String(255))
    papel: Mapped[str] = mapped_column(String(20), default=Papel.ATENDENTE)
    ativo: Mapped[bool] = mapped_column(default=True)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
