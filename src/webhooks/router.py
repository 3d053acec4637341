from fastapi import APIRouter, status

from src.auth.dependencies import AdminUser, AppSettings
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import EntregaIdPath, WebhookIdPath
from src.webhooks import service
from src.webhooks.schemas import (
    EntregaResponse,
    WebhookComSegredo,
    WebhookCreate,
    WebhookResponse,
    WebhookUpdate,
)

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

ASSINATURA = (
    "Cada entrega segue o Standard Webhooks: cabeçalhos `webhook-id` (o mesmo em cada "
    "tentativa), `webhook-timestamp` e `webhook-signature` (`v1,<HMAC-SHA256 em base64>` de "
    "`id.timestamp.corpo` com o segredo). Responda 2xx para confirmar; 410 desativa o endpoint."
)


@router.post(
    "/",
    response_model=WebhookComSegredo,
    status_code=status.HTTP_201_CREATED,
    summary="Cadastrar webhook (admin)",
    description=f"O segredo de assinatura aparece só nesta resposta. {ASSINATURA}",
    responses=error_responses(401, 403),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def criar_webhook(
    data: WebhookCreate, session: DbSession, settings: AppSettings, _: AdminUser
) -> WebhookComSegredo:
    return await service.criar(session, settings, data)


@router.get("/", response_model=list[WebhookResponse], summary="Listar webhooks (admin)")
async def listar_webhooks(session: DbSession, page: Page, _: AdminUser) -> list[WebhookResponse]:
    return [WebhookResponse.model_validate(w) for w in await service.listar(session, page)]


@router.get(
    "/{webhook_id}",
    response_model=WebhookResponse,
    summary="Buscar webhook (admin)",
    responses=error_responses(401, 403, 404),
)
async def obter_webhook(
    webhook_id: WebhookIdPath, session: DbSession, _: AdminUser
) -> WebhookResponse:
    return WebhookResponse.model_validate(await service.obter(session, webhook_id))


@router.patch(
    "/{webhook_id}",
    response_model=WebhookResponse,
    summary="Mudar endereço, eventos ou reativar (admin)",
    responses=error_responses(401, 403, 404),
)
async def atualizar_webhook(
    webhook_id: WebhookIdPath,
    data: WebhookUpdate,
    session: DbSession,
    settings: AppSettings,
    _: AdminUser,
) -> WebhookResponse:
    webhook = await service.atualizar(session, settings, webhook_id, data)
    return WebhookResponse.model_validate(webhook)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remover webhook e seu histórico de entregas (admin)",
    responses=error_responses(401, 403, 404),
)
async def remover_webhook(webhook_id: WebhookIdPath, session: DbSession, _: AdminUser) -> None:
    await service.remover(session, webhook_id)


@router.post(
    "/{webhook_id}/segredo",
    response_model=WebhookComSegredo,
    summary="Gerar novo segredo de assinatura (admin)",
    description="O anterior deixa de valer; o novo aparece só nesta resposta.",
    responses=error_responses(401, 403, 404),
)
async def trocar_segredo(
    webhook_id: WebhookIdPath, session: DbSession, settings: AppSettings, _: AdminUser
) -> WebhookComSegredo:
    return await service.trocar_segredo(session, settings, webhook_id)


@router.get(
    "/{webhook_id}/entregas",
    response_model=list[EntregaResponse],
    summary="Entregas e cada tentativa (admin)",
    description="Da mais recente para a mais antiga, com o que o receptor respondeu.",
    responses=error_responses(401, 403, 404),
)
async def listar_entregas(
    webhook_id: WebhookIdPath, session: DbSession, page: Page, _: AdminUser
) -> list[EntregaResponse]:
    return await service.entregas(session, webhook_id, page)


@router.post(
    "/{webhook_id}/entregas/{entrega_id}/reenviar",
    response_model=EntregaResponse,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Reenviar uma entrega (admin)",
    description="O mesmo corpo e o mesmo `webhook-id`, de novo agora.",
    responses=error_responses(401, 403, 404, 409),
)
async def reenviar_entrega(
    webhook_id: WebhookIdPath, entrega_id: EntregaIdPath, session: DbSession, _: AdminUser
) -> EntregaResponse:
    return await service.reenviar(session, webhook_id, entrega_id)
