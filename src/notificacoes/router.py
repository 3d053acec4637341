from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query

from src.auth.dependencies import CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import NotificacaoIdPath
from src.notificacoes import service
from src.notificacoes.schemas import NotificacaoResponse

router = APIRouter(prefix="/notificacoes", tags=["notificações"])


@router.get(
    "/",
    response_model=list[NotificacaoResponse],
    summary="Minhas notificações (mais novas primeiro)",
    responses=error_responses(401),
)
async def minhas(
    session: DbSession,
    page: Page,
    usuario: CurrentUser,
    nao_lidas: Annotated[bool, Query(description="Só as ainda não lidas")] = False,
) -> Sequence:
    return await service.minhas(session, usuario, page, nao_lidas)


@router.post(
    "/{notificacao_id}/lida",
    response_model=NotificacaoResponse,
    summary="Marcar notificação como lida",
    responses=error_responses(401, 404),
)
async def marcar_lida(
    notificacao_id: NotificacaoIdPath, session: DbSession, usuario: CurrentUser
) -> NotificacaoResponse:
    notificacao = await service.marcar_lida(session, usuario, notificacao_id)
    return NotificacaoResponse.model_validate(notificacao)
