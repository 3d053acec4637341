from typing import Annotated

from fastapi import APIRouter, Query, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import PlanoIdPath
from src.crm.planos import service
from src.crm.planos.schemas import PlanoCreate, PlanoResponse, PlanoUpdate

router = APIRouter(prefix="/planos", tags=["crm"])


@router.post(
    "/",
    response_model=PlanoResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar plano (admin)",
    responses=error_responses(401, 403, 409),
)
async def criar(data: PlanoCreate, session: DbSession, _: AdminUser) -> PlanoResponse:
    return PlanoResponse.de(await service.criar(session, data))


@router.get("/", response_model=list[PlanoResponse], summary="Planos da empresa")
async def listar(
    session: DbSession,
    page: Page,
    _: CurrentUser,
    ativo: Annotated[bool | None, Query(description="Só ativos (true) ou inativos (false)")] = None,
) -> list[PlanoResponse]:
    return [PlanoResponse.de(p) for p in await service.listar(session, page, ativo)]


@router.get(
    "/{plano_id}",
    response_model=PlanoResponse,
    summary="Buscar plano",
    responses=error_responses(401, 404),
)
async def obter(plano_id: PlanoIdPath, session: DbSession, _: CurrentUser) -> PlanoResponse:
    return PlanoResponse.de(await service.obter(session, plano_id))


@router.patch(
    "/{plano_id}",
    response_model=PlanoResponse,
    summary="Alterar plano (admin)",
    description="Um preço novo vale para as faturas criadas daqui em diante.",
    responses=error_responses(401, 403, 404, 409),
)
async def atualizar(
    plano_id: PlanoIdPath, data: PlanoUpdate, session: DbSession, _: AdminUser
) -> PlanoResponse:
    return PlanoResponse.de(await service.atualizar(session, plano_id, data))
