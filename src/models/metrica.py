from datetime import date

from sqlalchemy import BigInteger, Date, Float, PrimaryKeyConstraint, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base

# What each ticket adds to its day's rows (src/metricas/cubo.py says how each is counted).
CONTAGENS = (
    "chamados",
    "resolvidos_automaticamente",
    "resolvidos",
    "reabertos",
    "sla_chamados",
    "sla_pr_cumpridos",
    "sla_pr_violados",
    "sla_res_cumpridos",
    "sla_res_violados",
    "sla_em_aberto",
    "sla_em_risco",
    "sla_reabertos",
    "csat_1",
    "csat_2",
    "csat_3",
    "csat_4",
    "csat_5",
    "pr_chamados",
    "res_chamados",
)
SOMAS = ("pr_minutos", "res_minutos")
SEM_ATENDENTE = 0  # the key of tickets nobody holds (a key column cannot be NULL)


class MetricaDiaria(TenantScoped, Base):
    """The tickets opened on one day (the empresa's own calendar day), summed per value of one
    dimension: "total", "equipe", "atendente", "canal" or "intencao"; and the histograms of the
    business times ("pr", "res": how many took each tenth of a minute, per operator), from
    which the exact percentiles come (src/metricas/cubo.py).

    Kept in the writer's transaction: a ticket's change takes its old contribution out and puts
    the new one in. Reports over a million tickets read a few thousand of these rows. Writers
    spread over `shard`s; past days are folded back into shard 0 (cubo_repository.compactar).
    """

    __tablename__ = "metricas_diarias"
    __table_args__ = (PrimaryKeyConstraint("empresa_id", "dimensao", "dia", "valor", "shard"),)

    dimensao: Mapped[str] = mapped_column(String(20))
    dia: Mapped[date] = mapped_column(Date)
    valor: Mapped[str] = mapped_column(String(50))
    shard: Mapped[int] = mapped_column(SmallInteger)
    chamados: Mapped[int] = mapped_column(BigInteger, default=0)
    resolvidos_automaticamente: Mapped[int] = mapped_column(BigInteger, default=0)
    resolvidos: Mapped[int] = mapped_column(BigInteger, default=0)
    reabertos: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_chamados: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_pr_cumpridos: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_pr_violados: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_res_cumpridos: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_res_violados: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_em_aberto: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_em_risco: Mapped[int] = mapped_column(BigInteger, default=0)
    sla_reabertos: Mapped[int] = mapped_column(BigInteger, default=0)
    csat_1: Mapped[int] = mapped_column(BigInteger, default=0)
    csat_2: Mapped[int] = mapped_column(BigInteger, default=0)
    csat_3: Mapped[int] = mapped_column(BigInteger, default=0)
    csat_4: Mapped[int] = mapped_column(BigInteger, default=0)
    csat_5: Mapped[int] = mapped_column(BigInteger, default=0)
    pr_chamados: Mapped[int] = mapped_column(BigInteger, default=0)
    res_chamados: Mapped[int] = mapped_column(BigInteger, default=0)
    pr_minutos: Mapped[float] = mapped_column(Float, default=0.0)
    res_minutos: Mapped[float] = mapped_column(Float, default=0.0)
