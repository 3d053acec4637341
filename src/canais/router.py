from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, status
from fastapi.responses import PlainTextResponse

from src.auth.dependencies import AdminUser, AppSettings
from src.canais import service
from src.canais.email import entrada
from src.canais.schemas import (
    CanalComSegredos,
    CanalCreate,
    CanalResponse,
    CanalUpdate,
    SegredosCanal,
)
from src.canais.whatsapp import webhook
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import CanalIdPath

router = APIRouter(prefix="/canais", tags=["canais"])
# Meta's calls: the path token is the credential (and the signature, on deliveries).
webhooks = APIRouter(prefix="/canais", tags=["canais (webhooks dos provedores)"])

TokenPath = Annotated[str, webhook.TOKEN_PATH]


@router.post(
    "/",
    response_model=CanalComSegredos,
    status_code=status.HTTP_201_CREATED,
    summary="Criar canal (admin)",
    description=(
        "Guarda os segredos cifrados: esta resposta é a única que os mostra. `webhook_url` é o "
        "caminho que a Meta deve chamar (configure-o no app, com o `verify_token`)."
    ),
    responses=error_responses(401, 403),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def criar_canal(
    data: CanalCreate, session: DbSession, settings: AppSettings, _: AdminUser
) -> CanalComSegredos:
    return await service.criar(session, settings, data)


@router.get("/", response_model=list[CanalResponse], summary="Listar canais (admin)")
async def listar_canais(session: DbSession, page: Page, _: AdminUser) -> list[CanalResponse]:
    return [service.resposta(canal) for canal in await service.listar(session, page)]


@router.get(
    "/{canal_id}",
    response_model=CanalResponse,
    summary="Buscar canal (admin)",
    responses=error_responses(401, 403, 404),
)
async def obter_canal(canal_id: CanalIdPath, session: DbSession, _: AdminUser) -> CanalResponse:
    return service.resposta(await service.obter(session, canal_id))


@router.patch(
    "/{canal_id}",
    response_model=CanalResponse,
    summary="Renomear, ativar/desativar ou mudar a configuração (admin)",
    description="Campos de configuração de outro tipo de canal: 409 `campo_de_outro_canal`.",
    responses=error_responses(401, 403, 404, 409),
)
async def atualizar_canal(
    canal_id: CanalIdPath, data: CanalUpdate, session: DbSession, _: AdminUser
) -> CanalResponse:
    return service.resposta(await service.atualizar(session, canal_id, data))


@router.post(
    "/{canal_id}/segredos",
    response_model=CanalComSegredos,
    summary="Trocar segredos do canal (admin)",
    description=(
        "Os enviados substituem os guardados; a resposta mostra só os novos, uma vez. "
        "Segredos de outro tipo de canal: 409 `campo_de_outro_canal`."
    ),
    responses=error_responses(401, 403, 404, 409),
)
async def trocar_segredos(
    canal_id: CanalIdPath,
    data: SegredosCanal,
    session: DbSession,
    settings: AppSettings,
    _: AdminUser,
) -> CanalComSegredos:
    return await service.trocar_segredos(session, settings, canal_id, data)


@router.delete(
    "/{canal_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Desativar canal (admin)",
    description="O histórico fica; o webhook passa a responder 404.",
    responses=error_responses(401, 403, 404),
)
async def desativar_canal(canal_id: CanalIdPath, session: DbSession, _: AdminUser) -> None:
    await service.atualizar(session, canal_id, CanalUpdate(ativo=False))


@webhooks.get(
    "/whatsapp/{token}/webhook",
    summary="Verificação do webhook (Meta)",
    responses={
        200: {
            "description": "O `hub.challenge`, em texto puro",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        **error_responses(403, 404),
    },
)
async def verificar_webhook(
    token: TokenPath,
    session: DbSession,
    settings: AppSettings,
    modo: Annotated[str | None, Query(alias="hub.mode", max_length=50)] = None,
    verify_token: Annotated[str | None, Query(alias="hub.verify_token", max_length=1000)] = None,
    desafio: Annotated[str | None, Query(alias="hub.challenge", max_length=200)] = None,
) -> PlainTextResponse:
    resposta = await webhook.verificar(session, settings, token, modo, verify_token, desafio)
    return PlainTextResponse(resposta)


@webhooks.post(
    "/whatsapp/{token}/webhook",
    summary="Eventos do WhatsApp (Meta)",
    description=(
        "Exige `X-Hub-Signature-256` (HMAC-SHA256 do corpo com o app secret do canal). O "
        "evento é guardado como chegou e respondido na hora; o worker cria as mensagens."
    ),
    responses=error_responses(400, 401, 404),
)
async def receber_webhook(
    token: TokenPath,
    request: Request,
    session: DbSession,
    settings: AppSettings,
    assinatura: Annotated[str | None, Header(alias="X-Hub-Signature-256", max_length=200)] = None,
) -> dict[str, str]:
    corpo = await request.body()
    await webhook.receber(session, settings, token, corpo, assinatura)
    return {"status": "recebido"}


@webhooks.post(
    "/email/{token}/entrada",
    summary="E-mails recebidos por um provedor (Mailgun, SendGrid)",
    description=(
        "Formulário com o MIME completo em `body-mime` (Mailgun, assinado com a "
        "`mailgun_signing_key` do canal: `timestamp`, `token`, `signature`) ou em `email` "
        "(SendGrid Inbound Parse, autenticado só pelo caminho). Guardado e respondido na hora; "
        "o worker cria a mensagem."
    ),
    responses=error_responses(400, 401, 404),
)
async def receber_email(
    token: TokenPath, request: Request, session: DbSession, settings: AppSettings
) -> dict[str, str]:
    limite = settings.max_request_body_bytes
    async with request.form(max_files=0, max_fields=100, max_part_size=limite) as formulario:
        campos = {k: v for k, v in formulario.items() if isinstance(v, str)}
    await entrada.receber(session, settings, token, campos)
    return {"status": "recebido"}
