from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from src.models.base import Base, BigId, utcnow


class ChaveIdempotencia(Base):
    """A POST that carried an Idempotency-Key, and the answer it got.

    Claimed in the same transaction as the write it protects, so "the key is taken" and "the
    ticket exists" commit together; the answer is stored right before it is sent.
    """

    __tablename__ = "chaves_idempotencia"
    __table_args__ = (
        # Led by empresa_id, the distribution column of docs/escala.md.
        UniqueConstraint(
            "empresa_id", "usuario_id", "chave", name="uq_chaves_idempotencia_empresa_chave"
        ),
        Index("ix_chaves_idempotencia_data_criacao", "data_criacao"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # Set from the token, before the account is loaded: the claim runs first in the request.
    empresa_id: Mapped[int] = mapped_column(ForeignKey("empresas.id", ondelete="CASCADE"))
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuarios.id", ondelete="CASCADE"))
    chave: Mapped[str] = mapped_column(String(255))
    # SHA-256 of method, path, query and body: the same key with another request is refused.
    impressao: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None]
    corpo: Mapped[str | None] = mapped_column(Text)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
