"""Operational metrics, read from rows kept in the writers' transactions: exact, and their cost
grows with the days and groups asked for, not with the number of tickets."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from src.metricas.cubo import VETOR, de_valor_de_tempo
from src.metricas.cubo_repository import CuboRepository
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
from src.models.metrica import SEM_ATENDENTE
from src.usuarios.repository import UsuarioRepository


def format_rate(part: int, total: int) -> str:
    return f"{part / total * 100:.1f}%" if total else "0%"


@dataclass(frozen=True, slots=True)
class FiltroRelatorio:
    """Tickets opened from `desde` to `ate` (the empresa's calendar days, both included),
    optionally grouped."""

    agrupar_por: str | None = None
    desde: date | None = None
    ate: date | None = None


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


Soma = dict[str, float]


def _soma(row: Row) -> Soma:
    """The row's sums by name (the repository selects them after the key, in VETOR's order,
    already as int and float)."""
    return dict(zip(VETOR, row[1:], strict=True))


def _grupo(dimensao: str, valor: str) -> str | int | None:
    if dimensao == "total":
        return "total"
    if valor == "":
        return None
    return int(valor) if dimensao in ("equipe", "atendente") else valor


def _ordem(grupo) -> tuple:  # nothing last, like PostgreSQL's ORDER BY
    return (grupo is None, grupo)


async def _por_grupo(session: AsyncSession, filtro: FiltroRelatorio) -> list[tuple]:
    dimensao = filtro.agrupar_por or "total"
    rows = await CuboRepository(session).por_valor(dimensao, filtro.desde, filtro.ate)
    grupos = [(_grupo(dimensao, row.valor), _soma(row)) for row in rows]
    return sorted(grupos, key=lambda par: _ordem(par[0]))


def _cumprimento(cumpridos: int, violados: int) -> Cumprimento:
    cumpridos, violados = int(cumpridos), int(violados)
    return Cumprimento(
        cumpridos=cumpridos,
        violados=violados,
        taxa_cumprimento=format_rate(cumpridos, cumpridos + violados),
    )


async def metricas_sla(session: AsyncSession, filtro: FiltroRelatorio) -> list[MetricasSla]:
    return [
        MetricasSla(
            grupo=grupo,
            total=int(s["sla_chamados"]),
            primeira_resposta=_cumprimento(s["sla_pr_cumpridos"], s["sla_pr_violados"]),
            resolucao=_cumprimento(s["sla_res_cumpridos"], s["sla_res_violados"]),
            em_aberto=int(s["sla_em_aberto"]),
            em_risco=int(s["sla_em_risco"]),
            reabertos=int(s["sla_reabertos"]),
            taxa_reabertura=format_rate(int(s["sla_reabertos"]), int(s["sla_chamados"])),
        )
        for grupo, s in await _por_grupo(session, filtro)
        if s["sla_chamados"]
    ]


_NOTAS = tuple((n, str(n), f"csat_{n}") for n in range(1, 6))


def _notas(s: Soma) -> dict[str, int]:
    return {texto: s[coluna] for _, texto, coluna in _NOTAS}


def _csat_media(s: Soma, casas: int) -> float | None:
    respostas = sum(s[coluna] for _, _, coluna in _NOTAS)
    if not respostas:
        return None
    return round(sum(n * s[coluna] for n, _, coluna in _NOTAS) / respostas, casas)


async def metricas_csat(session: AsyncSession, filtro: FiltroRelatorio) -> list[MetricasCsat]:
    resultado = []
    for grupo, s in await _por_grupo(session, filtro):
        distribuicao = _notas(s)
        respostas = sum(distribuicao.values())
        if respostas:
            resultado.append(
                MetricasCsat(
                    grupo=grupo,
                    respostas=respostas,
                    media=_csat_media(s, 2),
                    csat=format_rate(distribuicao["4"] + distribuicao["5"], respostas),
                    distribuicao=distribuicao,
                )
            )
    return resultado


def _percentis(rows: Sequence[Row]) -> dict[int | None, tuple[float, float]]:
    """Nearest-rank p50 and p90 (the smallest value with at least p of the group at or below
    it) per operator, from how many tickets took each tenth of a minute."""
    por_atendente: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for valor, vezes in rows:
        atendente, dec = de_valor_de_tempo(valor)
        por_atendente[atendente].append((dec, int(vezes)))
    resultado = {}
    for atendente, contagens in por_atendente.items():
        contagens.sort()
        chave = None if atendente == SEM_ATENDENTE else atendente
        resultado[chave] = (_posicao(contagens, 0.5), _posicao(contagens, 0.9))
    return resultado


def _posicao(contagens: list[tuple[int, int]], p: float) -> float:
    alvo = sum(vezes for _, vezes in contagens) * p
    acumulado = 0
    for decimos, vezes in contagens:
        acumulado += vezes
        if acumulado >= alvo:
            return decimos / 10
    return contagens[-1][0] / 10


def _tempo(n: float, minutos: float, percentis: tuple[float, float] | None) -> Tempo:
    if not n:
        return Tempo()
    p50, p90 = percentis if percentis else (None, None)
    return Tempo(chamados=int(n), media=round(minutos / n, 1), p50=p50, p90=p90)


async def metricas_atendentes(
    session: AsyncSession, filtro: FiltroRelatorio
) -> list[MetricasAtendente]:
    repository = CuboRepository(session)
    grupos = dict(await _por_grupo(session, filtro))
    primeira = _percentis(await repository.tempos("pr", filtro.desde, filtro.ate))
    resolucao = _percentis(await repository.tempos("res", filtro.desde, filtro.ate))
    campos = ("sla_chamados", "pr_chamados", "res_chamados", *(f"csat_{n}" for n in range(1, 6)))
    ids = sorted((i for i, s in grupos.items() if any(s[campo] for campo in campos)), key=_ordem)
    nomes = await UsuarioRepository(session).usernames([i for i in ids if i is not None])
    return [
        MetricasAtendente(
            atendente_id=atendente_id,
            username=nomes.get(atendente_id),
            primeira_resposta_minutos=_tempo(
                s["pr_chamados"], s["pr_minutos"], primeira.get(atendente_id)
            ),
            resolucao_minutos=_tempo(
                s["res_chamados"], s["res_minutos"], resolucao.get(atendente_id)
            ),
            em_aberto=int(s["sla_em_aberto"]),
            sla_violados=int(s["sla_pr_violados"] + s["sla_res_violados"]),
            csat_media=_csat_media(s, 2),
        )
        for atendente_id in ids
        for s in (grupos[atendente_id],)
    ]


def _media(soma: float, n: float) -> float | None:
    return round(soma / n, 1) if n else None


def _por_periodo(rows: Iterable[Row], intervalo: str) -> dict[str, Soma]:
    if intervalo == "dia":  # one row per day already
        return {row.dia.isoformat(): _soma(row) for row in rows}
    periodos: dict[str, list] = {}
    for row in rows:
        soma = periodos.setdefault(row.dia.strftime("%Y-%m"), [0] * len(VETOR))
        for i, valor in enumerate(row[1:]):
            soma[i] += valor
    return {mes: dict(zip(VETOR, soma, strict=True)) for mes, soma in periodos.items()}


async def metricas_periodo(
    session: AsyncSession, filtro: FiltroRelatorio, intervalo: str
) -> list[MetricasPeriodo]:
    rows = await CuboRepository(session).por_dia(filtro.desde, filtro.ate)
    return [
        MetricasPeriodo(
            periodo=periodo,
            criados=int(s["chamados"]),
            resolvidos_automaticamente=int(s["resolvidos_automaticamente"]),
            resolvidos=int(s["resolvidos"]),
            reabertos=int(s["reabertos"]),
            primeira_resposta_media_minutos=_media(s["pr_minutos"], s["pr_chamados"]),
            resolucao_media_minutos=_media(s["res_minutos"], s["res_chamados"]),
            csat_media=_csat_media(s, 1),
        )
        for periodo, s in sorted(_por_periodo(rows, intervalo).items())
        if s["chamados"]
    ]
