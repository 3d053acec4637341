import re
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BeforeValidator

from src.auth.dependencies import CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.metricas import service
from src.metricas.schemas import (
    MetricasAtendente,
    MetricasCsat,
    MetricasGerais,
    MetricasGrupo,
    MetricasPeriodo,
    MetricasSla,
)
from src.metricas.service import FiltroRelatorio

router = APIRouter(prefix="/metricas", tags=["metricas"])


@router.get("/", response_model=MetricasGerais, summary="Visão geral da operação")
async def metricas_gerais(session: DbSession, _: CurrentUser) -> MetricasGerais:
    return await service.metricas_gerais(session)


@router.get("/por-canal", response_model=dict[str, MetricasGrupo], summary="Métricas por canal")
async def metricas_por_canal(session: DbSession, _: CurrentUser) -> dict[str, MetricasGrupo]:
    return await service.metricas_por_canal(session)


@router.get("/por-status", response_model=dict[str, int], summary="Chamados por status")
async def metricas_por_status(session: DbSession, _: CurrentUser) -> dict[str, int]:
    return await service.metricas_por_status(session)


@router.get(
    "/por-intencao",
    response_model=dict[str, MetricasGrupo],
    summary="Métricas por intenção",
)
async def metricas_por_intencao(session: DbSession, _: CurrentUser) -> dict[str, MetricasGrupo]:
    return await service.metricas_por_intencao(session)


Agrupamento = Annotated[
    Literal["equipe", "atendente", "canal", "intencao"] | None,
    Query(description="Agrupar por equipe, atendente, canal ou intenção (omitido: total)"),
]
_DIA_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dia_iso(value: object) -> object:
    # AAAA-MM-DD only: pydantic alone would also read "0" as a timestamp.
    if isinstance(value, str) and not _DIA_ISO.fullmatch(value):
        raise ValueError("deve ser uma data no formato AAAA-MM-DD")
    return value


Desde = Annotated[
    date | None,
    Query(description="Chamados abertos a partir deste dia (AAAA-MM-DD)"),
    BeforeValidator(_dia_iso),
]
Ate = Annotated[
    date | None,
    Query(description="Chamados abertos até este dia, inclusive (AAAA-MM-DD)"),
    BeforeValidator(_dia_iso),
]


def _filtro(agrupar_por: str | None, desde: date | None, ate: date | None) -> FiltroRelatorio:
    """Days are the empresa's own (its time zone); `ate` before `desde` is an empty period."""
    return FiltroRelatorio(agrupar_por=agrupar_por, desde=desde, ate=ate)


@router.get(
    "/sla",
    response_model=list[MetricasSla],
    summary="Cumprimento do SLA, backlog e reaberturas",
    responses=error_responses(401),
)
async def metricas_sla(
    session: DbSession,
    usuario: CurrentUser,
    agrupar_por: Agrupamento = None,
    desde: Desde = None,
    ate: Ate = None,
) -> list[MetricasSla]:
    filtro = _filtro(agrupar_por, desde, ate)
    return await service.metricas_sla(session, filtro)


@router.get(
    "/csat",
    response_model=list[MetricasCsat],
    summary="Satisfação (CSAT): média, % de notas 4 e 5, distribuição",
    responses=error_responses(401),
)
async def metricas_csat(
    session: DbSession,
    usuario: CurrentUser,
    agrupar_por: Agrupamento = None,
    desde: Desde = None,
    ate: Ate = None,
) -> list[MetricasCsat]:
    filtro = _filtro(agrupar_por, desde, ate)
    return await service.metricas_csat(session, filtro)


@router.get(
    "/atendentes",
    response_model=list[MetricasAtendente],
    summary="Por atendente: tempos (média, p50, p90 em minutos úteis), backlog, SLA, CSAT",
    responses=error_responses(401),
)
async def metricas_atendentes(
    session: DbSession, usuario: CurrentUser, desde: Desde = None, ate: Ate = None
) -> list[MetricasAtendente]:
    filtro = _filtro("atendente", desde, ate)
    return await service.metricas_atendentes(session, filtro)


@router.get(
    "/periodo",
    response_model=list[MetricasPeriodo],
    summary="Série por dia ou mês (no fuso da empresa)",
    responses=error_responses(401),
)
async def metricas_periodo(
    session: DbSession,
    usuario: CurrentUser,
    intervalo: Annotated[Literal["dia", "mes"], Query(description="dia ou mes")] = "dia",
    desde: Desde = None,
    ate: Ate = None,
) -> list[MetricasPeriodo]:
    return await service.metricas_periodo(session, _filtro(None, desde, ate), intervalo)
