"""Operational metrics, each from one grouped SQL statement, exact at request time."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import ColumnElement

from src.metricas.schemas import MetricasGerais, MetricasGrupo
from src.metricas.sql import seconds_between
from src.models import Canal, Chamado, Cliente, StatusChamado


def format_rate(part: int, total: int) -> str:
    return f"{part / total * 100:.1f}%" if total else "0%"


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count().filter(condition)


_auto_resolved = _count_where(Chamado.encaminhado_para_humano.is_(False))


async def metricas_gerais(session: AsyncSession) -> MetricasGerais:
    response_seconds = seconds_between(Chamado.data_primeira_resposta, Chamado.data_criacao)
    query = select(
        func.count(),
        _auto_resolved,
        func.count(Chamado.data_primeira_resposta),
        func.avg(response_seconds),
        select(func.count()).select_from(Cliente).scalar_subquery(),
    ).select_from(Chamado)
    total, resolvidos, respondidos, media, total_clientes = (await session.execute(query)).one()
    return MetricasGerais(
        total_chamados=total,
        total_clientes=total_clientes,
        chamados_resolvidos_automaticamente=resolvidos,
        chamados_encaminhados_para_humano=total - resolvidos,
        taxa_resolucao_automatica=format_rate(resolvidos, total),
        tempo_medio_resposta_segundos=round(float(media or 0.0), 6),
        chamados_respondidos=respondidos,
    )


async def _grouped(session: AsyncSession, column: ColumnElement[str]) -> dict[str, MetricasGrupo]:
    query = select(column, func.count(), _auto_resolved).group_by(column)
    return {
        key: MetricasGrupo(
            total=total,
            resolvidos_automaticamente=auto,
            taxa_resolucao=format_rate(auto, total),
        )
        for key, total, auto in (await session.execute(query)).all()
    }


async def metricas_por_canal(session: AsyncSession) -> dict[str, MetricasGrupo]:
    found = await _grouped(session, Chamado.canal)
    empty = MetricasGrupo(total=0, resolvidos_automaticamente=0, taxa_resolucao="0%")
    return {canal.value: found.get(canal.value, empty) for canal in Canal}


async def metricas_por_intencao(session: AsyncSession) -> dict[str, MetricasGrupo]:
    return await _grouped(session, Chamado.intencao)


async def metricas_por_status(session: AsyncSession) -> dict[str, int]:
    query = select(Chamado.status, func.count()).group_by(Chamado.status)
    found = dict((await session.execute(query)).all())
    return {status.value: found.get(status.value, 0) for status in StatusChamado}
