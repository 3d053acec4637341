"""WhatsApp templates: the account's list (synced from Meta on demand) and a template sent on
a ticket, which WhatsApp accepts even outside the 24-hour window."""

from typing import Annotated

import httpx2
from fastapi import APIRouter, Depends, Query, Request, status

from src.auth.dependencies import AppSettings, CurrentUser
from src.canais.schemas import EnvioModelo, ModeloResponse
from src.canais.whatsapp import modelos
from src.chamados.mensagens.schemas import MensagemResponse
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.types import CanalIdPath, ChamadoIdPath

router = APIRouter(tags=["canais"])


def _http(request: Request) -> httpx2.AsyncClient:
    return request.app.state.http_externo


HttpExterno = Annotated[httpx2.AsyncClient, Depends(_http)]


@router.get(
    "/canais/{canal_id}/modelos",
    response_model=list[ModeloResponse],
    summary="Modelos (templates) do WhatsApp",
    description=(
        "Os modelos da conta como a Meta os descreveu na última leitura; `atualizar=true` lê "
        "de novo da Graph API (precisa do `waba_id` do canal)."
    ),
    responses=error_responses(401, 404, 409, 502),
)
async def listar_modelos(
    canal_id: CanalIdPath,
    session: DbSession,
    settings: AppSettings,
    http: HttpExterno,
    _: CurrentUser,
    atualizar: Annotated[bool, Query(description="Ler a lista da Meta agora")] = False,
) -> list[ModeloResponse]:
    return await modelos.listar(session, settings, http, canal_id, atualizar)


@router.post(
    "/chamados/{chamado_id}/modelo-whatsapp",
    response_model=MensagemResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Enviar um modelo (template) do WhatsApp no chamado",
    description=(
        "Para falar com o cliente fora da janela de 24 horas. As variáveis `{{n}}` do modelo "
        "vêm em `cabecalho`, `corpo` e `botoes`, na ordem; os valores podem usar "
        "`{{cliente.nome}}`, `{{chamado.id}}`, `{{empresa.nome}}`, `{{atendente.nome}}`."
    ),
    responses=error_responses(401, 404, 409),
)
async def enviar_modelo(
    chamado_id: ChamadoIdPath, data: EnvioModelo, session: DbSession, usuario: CurrentUser
) -> MensagemResponse:
    return MensagemResponse.model_validate(await modelos.enviar(session, chamado_id, data, usuario))
