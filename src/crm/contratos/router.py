from typing import Annotated

from fastapi import APIRouter, Query, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import MAX_BIG_ID, ContratoIdPath, IntegerText
from src.crm.contratos import service
from src.crm.contratos.schemas import (
    ContratoCreate,
    ContratoResponse,
    ContratoUpdate,
    EventoContratoResponse,
    MudancaPlano,
    MudancaPlanoResponse,
    evento_response,
)
from src.models import StatusContrato

router = APIRouter(prefix="/contratos", tags=["crm"])


@router.post(
    "/",
    response_model=ContratoResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar contrato (admin)",
    responses=error_responses(401, 403, 404, 409),
)
async def criar(data: ContratoCreate, session: DbSession, admin: AdminUser) -> ContratoResponse:
    contrato = await service.criar(session, data, admin)
    return (await service.respostas(session, [contrato]))[0]


@router.get("/", response_model=list[ContratoResponse], summary="Contratos da empresa")
async def listar(
    session: DbSession,
    page: Page,
    _: CurrentUser,
    cliente_id: Annotated[
        int | None, Query(ge=1, le=MAX_BIG_ID, description="Só os deste cliente"), IntegerText
    ] = None,
    status_filtro: Annotated[
        StatusContrato | None, Query(alias="status", description="Filtrar por status")
    ] = None,
) -> list[ContratoResponse]:
    contratos = await service.listar(session, page, cliente_id, status_filtro)
    return await service.respostas(session, contratos)


@router.get(
    "/{contrato_id}",
    response_model=ContratoResponse,
    summary="Buscar contrato",
    responses=error_responses(401, 404),
)
async def obter(
    contrato_id: ContratoIdPath, session: DbSession, _: CurrentUser
) -> ContratoResponse:
    contrato = await service.obter(session, contrato_id)
    return (await service.respostas(session, [contrato]))[0]


@router.patch(
    "/{contrato_id}",
    response_model=ContratoResponse,
    summary="Alterar contrato (admin)",
    description="Status, dia de vencimento e fim; o plano muda por `mudanca-plano`.",
    responses=error_responses(401, 403, 404, 409),
)
async def atualizar(
    contrato_id: ContratoIdPath, data: ContratoUpdate, session: DbSession, admin: AdminUser
) -> ContratoResponse:
    contrato = await service.atualizar(session, contrato_id, data, admin)
    return (await service.respostas(session, [contrato]))[0]


@router.post(
    "/{contrato_id}/mudanca-plano",
    response_model=MudancaPlanoResponse,
    summary="Mudar o plano do contrato",
    description=(
        "Troca o plano a partir de `data` (padrão: hoje) e calcula o proporcional do mês: "
        "(preço novo − preço antigo) × dias restantes (contando o dia da mudança) ÷ dias do "
        "mês, arredondado ao centavo. Positivo é cobrado e negativo creditado na próxima "
        "fatura criada sem valor explícito. Fica registrado nos eventos do contrato."
    ),
    responses=error_responses(401, 404, 409, 422),
)
async def mudar_plano(
    contrato_id: ContratoIdPath, data: MudancaPlano, session: DbSession, usuario: CurrentUser
) -> MudancaPlanoResponse:
    return await service.mudar_plano(session, contrato_id, data, usuario)


@router.get(
    "/{contrato_id}/eventos",
    response_model=list[EventoContratoResponse],
    summary="Histórico do contrato",
    responses=error_responses(401, 404),
)
async def eventos(
    contrato_id: ContratoIdPath, session: DbSession, _: CurrentUser
) -> list[EventoContratoResponse]:
    return [evento_response(e) for e in await service.eventos(session, contrato_id)]
