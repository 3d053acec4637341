from collections.abc import Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from sqlalchemy import Row

from src.auth.dependencies import CurrentUser
from src.chamados import service
from src.chamados.mensagens import service as mensagens
from src.chamados.repository import FiltroChamados
from src.chamados.schemas import (
    ChamadoCreate,
    ChamadoCriado,
    ChamadoResponse,
    ChamadoUpdate,
    RespostaCreate,
    RespostaResponse,
)
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import MAX_DB_INT, ChamadoIdPath, ClienteIdPath, IntegerText
from src.models import Canal, Prioridade, SlaEstado, StatusChamado
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
        resolvido_automaticamente=chamado.resolvido_automaticamente,
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
    usuario: CurrentUser,
    status_filtro: Annotated[StatusChamado | None, Query(description="Filtrar por status")] = None,
    canal: Annotated[Canal | None, Query(description="Filtrar por canal")] = None,
    atendente_id: Annotated[
        str | None,
        Query(
            pattern=r"^(me|[1-9][0-9]{0,8})$",
            description="Chamados de um atendente (id, ou `me` para os seus)",
        ),
    ] = None,
    equipe_id: Annotated[
        int | None,
        Query(ge=1, le=MAX_DB_INT, description="Chamados na fila de uma equipe"),
        IntegerText,
    ] = None,
    sem_atendente: Annotated[
        bool, Query(description="Só os que esperam na fila, sem atendente")
    ] = False,
    prioridade: Annotated[Prioridade | None, Query(description="Filtrar por prioridade")] = None,
    sla_estado: Annotated[SlaEstado | None, Query(description="Filtrar pelo estado do SLA")] = None,
    etiqueta: Annotated[
        str | None, Query(max_length=40, description="Só os chamados com esta etiqueta")
    ] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=200,
            description=(
                "Busca nas mensagens do chamado (todas as palavras; no PostgreSQL, em "
                "português: 'faturas' acha 'fatura')"
            ),
        ),
    ] = None,
    ordenar: Annotated[
        Literal["recentes", "sla"],
        Query(description="recentes (padrão) ou sla: o prazo de SLA mais próximo primeiro"),
    ] = "recentes",
) -> Sequence[Row]:
    filtro = FiltroChamados(
        status=status_filtro,
        canal=canal,
        atendente_id=usuario.id if atendente_id == "me" else _int_or_none(atendente_id),
        equipe_id=equipe_id,
        prioridade=prioridade,
        sla_estado=sla_estado,
        sem_atendente=sem_atendente,
        etiqueta=etiqueta,
        q=q,
    )
    return await service.list_chamados(session, page, filtro, ordenar)


def _int_or_none(value: str | None) -> int | None:
    return None if value is None else int(value)


@router.patch(
    "/{chamado_id}",
    response_model=ChamadoResponse,
    summary="Mudar status ou prioridade do chamado",
    description="Um chamado `fechado` não muda mais (409).",
    responses=error_responses(401, 404, 409),
)
async def update_chamado(
    chamado_id: ChamadoIdPath, data: ChamadoUpdate, session: DbSession, usuario: CurrentUser
) -> ChamadoResponse:
    chamado = await service.update_chamado(session, chamado_id, data, usuario)
    return ChamadoResponse.model_validate(chamado)


@router.post(
    "/{chamado_id}/respostas",
    response_model=RespostaResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Responder ao cliente (operador)",
    description="O mesmo que `POST /chamados/{id}/mensagens` com uma resposta do atendente.",
    responses=error_responses(401, 404, 409),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def add_resposta(
    chamado_id: ChamadoIdPath,
    data: RespostaCreate,
    session: DbSession,
    usuario: CurrentUser,
) -> RespostaResponse:
    resposta = await mensagens.mensagem_do_atendente(session, chamado_id, usuario, data.mensagem)
    return RespostaResponse.model_validate(resposta)


@router.get(
    "/{chamado_id}/respostas",
    response_model=list[RespostaResponse],
    summary="Respostas dos operadores",
    description="As respostas dos atendentes ao cliente; a conversa inteira está em `/mensagens`.",
)
async def list_respostas(
    chamado_id: ChamadoIdPath,
    session: DbSession,
    page: Page,
    _: CurrentUser,
) -> Sequence:
    return await mensagens.respostas(session, chamado_id, page)
