"""Upkeep of the daily métricas rows: past days' write shards folded into one row per key."""

from datetime import UTC, date, datetime, timedelta

from src.core import jobs
from src.core.database import begin_write
from src.core.tenancy import bind_all_empresas
from src.metricas import cubo_repository

COMPACTAR_A_CADA_SEGUNDOS = 600


async def compactar_dias_passados(sessionmaker, hoje: date | None = None) -> int:
    """Fold the write shards of days no ticket is opened on any more (before yesterday, in any
    zone), one (empresa, day) per short transaction, once each. Returns the rows folded."""
    antes_de = (hoje or datetime.now(UTC).date()) - timedelta(days=1)
    async with sessionmaker() as session:
        bind_all_empresas(session)
        pares = await session.run_sync(
            lambda s: cubo_repository.dias_a_compactar(s.connection(), antes_de)
        )
    total = 0
    for empresa_id, dia in pares:
        async with sessionmaker() as session, session.begin():
            bind_all_empresas(session)
            await begin_write(session)
            total += await session.run_sync(
                lambda s, e=empresa_id, d=dia: cubo_repository.compactar(s.connection(), e, d)
            )
    return total


async def rodar_compactacao(sessionmaker, intervalo: float = COMPACTAR_A_CADA_SEGUNDOS) -> None:
    """The embedded worker's upkeep of the daily rows: runs until cancelled (at shutdown)."""
    await jobs.a_cada(
        intervalo, lambda: compactar_dias_passados(sessionmaker), "compactação das métricas"
    )
