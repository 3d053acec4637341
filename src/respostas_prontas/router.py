from typing import Annotated

from fastapi import APIRouter, Query, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.types import MAX_BIG_ID, IntegerText, RespostaProntaIdPath
from src.respostas_prontas import service
from src.respostas_prontas.schemas import (
    RespostaPreenchida,
    RespostaProntaCreate,
    RespostaProntaResponse,
    RespostaProntaUpdate,
)

router = APIRouter(prefix="/respostas-prontas", tags=["respostas prontas"])


@router.get("/", response_model=list[RespostaProntaResponse], summary="Respostas prontas")
async def listar(session: DbSession, _: CurrentUser) -> list[RespostaProntaResponse]:
    return await service.listar(session)


@router.post(
    "/",
    response_model=RespostaProntaResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar resposta pronta (admin)",
    responses=error_responses(401, 403, 409),
)
async def criar(
    data: RespostaProntaCreate, session: DbSession, _: AdminUser
) -> RespostaProntaResponse:
    return await service.criar(session, data)


@router.patch(
    "/{resposta_id}",
    response_model=RespostaProntaResponse,
    summary="Alterar resposta pronta (admin)",
    responses=error_responses(401, 403, 404, 409),
)
async def alterar(
    resposta_id: RespostaProntaIdPath, data: RespostaProntaUpdate, session: DbSession, _: AdminUser
) -> RespostaProntaResponse:
    return await service.alterar(session, resposta_id, data)


@router.delete(
    "/{resposta_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Apagar resposta pronta (admin)",
    responses=error_responses(401, 403, 404),
)
async def apagar(resposta_id: RespostaProntaIdPath, session: DbSession, _: AdminUser) -> None:
    await service.apagar(session, resposta_id)


@router.get(
    "/{resposta_id}/preenchida",
    response_model=RespostaPreenchida,
    summary="A resposta pronta preenchida para um chamado",
    description="Para o atendente revisar e enviar em `POST /chamados/{id}/mensagens`.",
    responses=error_responses(401, 404),
)
async def preenchida(
    resposta_id: RespostaProntaIdPath,
    chamado_id: Annotated[
        int, Query(ge=1, le=MAX_BIG_ID, description="Id do chamado"), IntegerText
    ],
    session: DbSession,
    usuario: CurrentUser,
) -> RespostaPreenchida:
    return await service.preencher(session, resposta_id, chamado_id, usuario)
