from fastapi import APIRouter

from src.auth.dependencies import CurrentUser
from src.core.database import DbSession
from src.metricas import service
from src.metricas.schemas import MetricasGerais, MetricasGrupo

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
