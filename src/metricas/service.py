"""Operational metrics, read from the transactional counters: exact and O(1) in table size."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from src.metricas.repository import ContadorRepository
from src.metricas.schemas import MetricasGerais, MetricasGrupo
from src.models import Canal, StatusChamado


def format_rate(part: int, total: int) -> str:
    return f"{part / total * 100:.1f}%" if total else "0%"


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
