"""Operational metrics, read from the transactional counters: exact and O(1) in table size."""

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from src.metricas import relatorios
from src.metricas.repository import ContadorRepository
from src.metricas.schemas import (
    Cumprimento,
    MetricasAtendente,
    MetricasCsat,
    MetricasGerais,
    MetricasGrupo,
    MetricasPeriodo,
    MetricasSla,
    Tempo,
)
from src.models import Canal, StatusChamado
from src.usuarios.repository import UsuarioRepository


def format_rate(part: int, total: int) -> str:
    return f"{part / total * 100:.1f}%" if total else "0%"


@dataclass(frozen=True, slots=True)
class FiltroRelatorio:
    """Tickets opened in [desde, ate), optionally grouped."""

    agrupar_por: str | None = None
    desde: datetime | None = None
    ate: datetime | None = None


@dataclass(frozen=True, slots=True)
class Totais:
    total: int = 0
    resolvidos_automaticamente: int = 0
    respondidos: int = 0
    segundos_ate_resposta: float = 0.0

    def grupo(self) -> MetricasGrupo:
        return MetricasGrupo(
            total=self.total,
            resolvidos_automaticamente=self.resolvidos_automaticamente,
            taxa_resolucao=format_rate(self.resolvidos_automaticamente, self.total),
        )


async def _totais_por_valor(session: AsyncSession, dimensao: str) -> dict[str, Totais]:
    return {
        valor: Totais(int(total), int(auto), int(respondidos), float(segundos))
        for valor, total, auto, respondidos, segundos in await ContadorRepository(
            session
        ).por_valor(dimensao)
    }


async def metricas_gerais(session: AsyncSession) -> MetricasGerais:
    total, auto, respondidos, segundos, total_clientes = await ContadorRepository(session).geral()
    geral = Totais(int(total or 0), int(auto or 0), int(respondidos or 0), float(segundos or 0))
    media = geral.segundos_ate_resposta / geral.respondidos if geral.respondidos else 0.0
    return MetricasGerais(
        total_chamados=geral.total,
        total_clientes=total_clientes,
        chamados_resolvidos_automaticamente=geral.resolvidos_automaticamente,
        chamados_encaminhados_para_humano=geral.total - geral.resolvidos_automaticamente,
        taxa_resolucao_automatica=format_rate(geral.resolvidos_automaticamente, geral.total),
        tempo_medio_resposta_segundos=round(media, 3),
        chamados_respondidos=geral.respondidos,
    )


async def metricas_por_canal(session: AsyncSession) -> dict[str, MetricasGrupo]:
    found = await _totais_por_valor(session, "canal")
    return {canal.value: found.get(canal.value, Totais()).grupo() for canal in Canal}


async def metricas_por_status(session: AsyncSession) -> dict[str, int]:
    found = await _totais_por_valor(session, "status")
    return {status.value: found.get(status.value, Totais()).total for status in StatusChamado}


async def metricas_por_intencao(session: AsyncSession) -> dict[str, MetricasGrupo]:
    found = await _totais_por_valor(session, "intencao")
    return {intencao: totais.grupo() for intencao, totais in sorted(found.items()) if totais.total}


def _cumprimento(cumpridos: int, violados: int) -> Cumprimento:
    cumpridos, violados = int(cumpridos or 0), int(violados or 0)
    return Cumprimento(
        cumpridos=cumpridos,
        violados=violados,
        taxa_cumprimento=format_rate(cumpridos, cumpridos + violados),
    )


async def metricas_sla(session: AsyncSession, filtro: FiltroRelatorio) -> list[MetricasSla]:
    rows = await session.execute(relatorios.sla(filtro.agrupar_por, filtro.desde, filtro.ate))
    return [
        MetricasSla(
            grupo=row.grupo,
            total=row.total,
            primeira_resposta=_cumprimento(row.pr_cumprida, row.pr_violada),
            resolucao=_cumprimento(row.res_cumprida, row.res_violada),
            em_aberto=int(row.em_aberto or 0),
            em_risco=int(row.em_risco or 0),
            reabertos=int(row.reabertos or 0),
            taxa_reabertura=format_rate(int(row.reabertos or 0), row.total),
        )
        for row in rows
    ]


async def metricas_csat(session: AsyncSession, filtro: FiltroRelatorio) -> list[MetricasCsat]:
    rows = await session.execute(relatorios.csat(filtro.agrupar_por, filtro.desde, filtro.ate))
    resultado = []
    for row in rows:
        distribuicao = {str(n): int(getattr(row, f"nota_{n}") or 0) for n in range(1, 6)}
        satisfeitos = distribuicao["4"] + distribuicao["5"]
        resultado.append(
            MetricasCsat(
                grupo=row.grupo,
                respostas=row.respostas,
                media=round(float(row.media), 2),
                csat=format_rate(satisfeitos, row.respostas),
                distribuicao=distribuicao,
            )
        )
    return resultado


async def metricas_atendentes(
    session: AsyncSession, filtro: FiltroRelatorio
) -> list[MetricasAtendente]:
    desde, ate = filtro.desde, filtro.ate
    primeira = await _tempos(session, "minutos_primeira_resposta", desde, ate)
    resolucao = await _tempos(session, "minutos_resolucao", desde, ate)
    slas = {
        row.grupo: row for row in await session.execute(relatorios.sla("atendente", desde, ate))
    }
    csats = {
        row.grupo: row for row in await session.execute(relatorios.csat("atendente", desde, ate))
    }
    ids = sorted(
        set(primeira) | set(resolucao) | set(slas) | set(csats), key=lambda i: (i is None, i)
    )
    nomes = await UsuarioRepository(session).usernames([i for i in ids if i is not None])
    return [
        MetricasAtendente(
            atendente_id=atendente_id,
            username=nomes.get(atendente_id),
            primeira_resposta_minutos=primeira.get(atendente_id, Tempo()),
            resolucao_minutos=resolucao.get(atendente_id, Tempo()),
            em_aberto=int(slas[atendente_id].em_aberto or 0) if atendente_id in slas else 0,
            sla_violados=_violados(slas.get(atendente_id)),
            csat_media=_media(csats.get(atendente_id)),
        )
        for atendente_id in ids
    ]


def _violados(row) -> int:
    return 0 if row is None else int(row.pr_violada or 0) + int(row.res_violada or 0)


def _media(row) -> float | None:
    return None if row is None else round(float(row.media), 2)


async def _tempos(session: AsyncSession, coluna: str, desde, ate) -> dict:
    rows = await session.execute(relatorios.tempos(coluna, "atendente", desde, ate))
    return {
        row.grupo: Tempo(
            chamados=row.n,
            media=_arredondar(row.media),
            p50=_arredondar(row.p50),
            p90=_arredondar(row.p90),
        )
        for row in rows
    }


def _arredondar(valor) -> float | None:
    return None if valor is None else round(float(valor), 1)


async def metricas_periodo(
    session: AsyncSession, filtro: FiltroRelatorio, intervalo: str, fuso: str
) -> list[MetricasPeriodo]:
    offset = ZoneInfo(fuso).utcoffset(datetime.now(UTC)).total_seconds() / 3600
    dialect = session.bind.dialect.name
    query = relatorios.periodo(intervalo, dialect, fuso, offset, filtro.desde, filtro.ate)
    return [
        MetricasPeriodo(
            periodo=row.periodo,
            criados=row.criados,
            resolvidos_automaticamente=int(row.resolvidos_automaticamente or 0),
            resolvidos=int(row.resolvidos or 0),
            reabertos=int(row.reabertos or 0),
            primeira_resposta_media_minutos=_arredondar(row.primeira_resposta_media),
            resolucao_media_minutos=_arredondar(row.resolucao_media),
            csat_media=_arredondar(row.csat_media),
        )
        for row in await session.execute(query)
    ]
