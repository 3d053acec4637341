from collections.abc import Sequence

from fastapi import APIRouter

from src.auth.dependencies import CurrentUser
from src.chamados.historico import service
from src.chamados.historico.schemas import EventoResponse
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import ChamadoIdPath

router = APIRouter(prefix="/chamados", tags=["histórico"])


@router.get(
    "/{chamado_id}/eventos",
    response_model=list[EventoResponse],
    summary="Histórico do chamado (em ordem)",
    description="Cada mudança do chamado, com quem a fez (nulo: o sistema) e quando.",
    responses=error_responses(401, 404),
)
async def list_eventos(
    chamado_id: ChamadoIdPath, session: DbSession, page: Page, _: CurrentUser
) -> Sequence:
    return await service.eventos(session, chamado_id, page)
