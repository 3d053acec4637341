from sqlalchemy import BigInteger, Float, Integer, PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base


class ContadorChamados(TenantScoped, Base):
    """Running totals behind /metricas, kept in the same transaction as the tickets.

    One row per (empresa, dimensao, valor, shard): `dimensao` is "geral", "canal", "status" or
    "intencao". Writers pick a random shard so concurrent tickets rarely wait on the same row;
    readers sum the shards. Counting a million tickets per request is what this avoids.
    """

    __tablename__ = "contadores_chamados"
    __table_args__ = (PrimaryKeyConstraint("empresa_id", "dimensao", "valor", "shard"),)

    dimensao: Mapped[str] = mapped_column(String(20))
    valor: Mapped[str] = mapped_column(String(50))
    shard: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(BigInteger, default=0)
    resolvidos_automaticamente: Mapped[int] = mapped_column(BigInteger, default=0)
    respondidos: Mapped[int] = mapped_column(BigInteger, default=0)
    segundos_ate_resposta: Mapped[float] = mapped_column(Float, default=0.0)
