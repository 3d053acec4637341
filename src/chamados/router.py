from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Query, status
from sqlalchemy import Row

from src.auth.dependencies import CurrentUser
from src.chamados import service
from src.chamados.schemas import (
    ChamadoCreate,
    ChamadoCriado,
    ChamadoResponse,
    RespostaCreate,
    RespostaResponse,
)
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.pagination import Page
from src.core.types import ChamadoIdPath, ClienteIdPath
from src.models import Canal, StatusChamado
from src.triage.dependencies import TriadorDep

router = APIRouter(prefix="/chamados", tags=["chamados"])


@router.post(
    "/",
    response_model=ChamadoCriado,
    status_code=status.HTTP_201_CREATED,
    summary="Abrir chamado (com triagem automática)",
    openapi_extra=IDEMPOTENCY_KEY,
)
async def create_chamado(
    data: ChamadoCreate, session: DbSession, usuario: CurrentUser, triador: TriadorDep
) -> ChamadoCriado:
    chamado = await service.create_chamado(session, data, usuario, triador)
    return ChamadoCriado(
        chamado_id=chamado.id,
        cliente_id=chamado.cliente_id,
        canal=chamado.canal,
        resposta=chamado.resposta_automatica or "",
        resolvido_automaticamente=not chamado.encaminhado_para_humano,
        prioridade=chamado.prioridade,
        encaminhado_para_humano=chamado.encaminhado_para_humano,
        data_criacao=chamado.data_criacao,
        status=chamado.status,
        intencao=chamado.intencao,
        confianca=chamado.confianca,
    )


@router.get(
    "/cliente/{cliente_id}",
    response_model=list[ChamadoResponse],
    summary="Chamados de um cliente",
)
async def list_chamados_do_cliente(
    cliente_id: ClienteIdPath,
    session: DbSession,
    page: Page,
    _: CurrentUser,
) -> Sequence[Row]:
    # response_model validates the rows in one pass (pydantic-core, from attributes).
    return await service.list_chamados_do_cliente(session, cliente_id, page)


@router.get("/{chamado_id}", response_model=ChamadoResponse, summary="Buscar chamado")
async def get_chamado(
    chamado_id: ChamadoIdPath,
    session: DbSession,
    _: CurrentUser,
) -> ChamadoResponse:
    return ChamadoResponse.model_validate(await service.get_chamado(session, chamado_id))


@router.get(
    "/",
    response_model=list[ChamadoResponse],
    summary="Listar chamados (mais novos primeiro)",
)
async def list_chamados(
    session: DbSession,
    page: Page,
    _: CurrentUser,
    status_filtro: Annotated[StatusChamado | None, Query(description="Filtrar por status")] = None,
    canal: Annotated[Canal | None, Query(description="Filtrar por canal")] = None,
) -> Sequence[Row]:
    return await service.list_chamados(session, page, status=status_filtro, canal=canal)


@router.post(
    "/{chamado_id}/respostas",
    response_model=RespostaResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Responder ao cliente (operador)",
    openapi_extra=IDEMPOTENCY_KEY,
)
async def add_resposta(
    chamado_id: ChamadoIdPath,
    data: RespostaCreate,
    session: DbSession,
    usuario: CurrentUser,
) -> RespostaResponse:
    resposta = await service.add_resposta(session, chamado_id, usuario, data.mensagem)
    return RespostaResponse.model_validate(resposta)


@router.get(
    "/{chamado_id}/respostas",
    response_model=list[RespostaResponse],
    summary="Respostas dos operadores",
)
async def list_respostas(
    chamado_id: ChamadoIdPath,
    session: DbSession,
    page: Page,
    _: CurrentUser,
) -> list[RespostaResponse]:
    respostas = await service.list_respostas(session, chamado_id, page)
    return [RespostaResponse.model_validate(resposta) for resposta in respostas]
