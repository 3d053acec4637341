"""Webhook endpoints: registered by admins, each with its own signing secret, shown once."""

import base64
import secrets
from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from src.core import segredos
from src.core.config import Settings
from src.core.errors import AppError, NotFoundError
from src.core.events import wake_worker
from src.core.pagination import PageParams
from src.core.tenancy import bound_empresa
from src.models import EntregaWebhook, EstadoEntrega, WebhookEndpoint
from src.models.base import utcnow
from src.webhooks.events import inscricoes
from src.webhooks.repository import WebhookRepository
from src.webhooks.schemas import (
    EntregaResponse,
    TentativaResponse,
    WebhookComSegredo,
    WebhookCreate,
    WebhookResponse,
    WebhookUpdate,
)

SEGREDO_BYTES = 32
HOSTS_LOCAIS = ("localhost", "localhost.localdomain")


class WebhookNotFoundError(NotFoundError):
    code = "webhook_not_found"
    detail = "Webhook não encontrado"


class EntregaNotFoundError(NotFoundError):
    code = "entrega_not_found"
    detail = "Entrega não encontrada neste webhook"


class DestinoProibidoError(AppError):
    status_code = 422
    code = "destino_proibido"
    detail = (
        "Este endereço é local ou de rede privada: a instalação não envia webhooks para ele "
        "(PERMITIR_DESTINOS_PRIVADOS está desligado)"
    )


def _novo_segredo() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SEGREDO_BYTES)).decode()


def _conferir_destino(settings: Settings, url: str) -> None:
    """The obvious cases, said at once; every delivery checks the resolved address anyway
    (src/core/http_externo.py), so a name that points inward later is refused there too."""
    if settings.permitir_destinos_privados:
        return
    host = (urlsplit(url).hostname or "").lower()
    if host in HOSTS_LOCAIS or host.endswith(".localhost") or host.endswith(".internal"):
        raise DestinoProibidoError()


def _invalidar(session: AsyncSession) -> None:
    inscricoes.invalidar_ao_confirmar(session, bound_empresa(session))


async def criar(
    session: AsyncSession, settings: Settings, data: WebhookCreate
) -> WebhookComSegredo:
    _conferir_destino(settings, data.url)
    segredo = _novo_segredo()
    webhook = WebhookEndpoint(
        url=data.url,
        descricao=data.descricao,
        eventos=sorted(set(data.eventos)),
        segredo=segredos.cifrar(settings, {"segredo": segredo}),
    )
    await WebhookRepository(session).add(webhook)
    _invalidar(session)
    return WebhookComSegredo(
        **WebhookResponse.model_validate(webhook).model_dump(), segredo=segredo
    )


async def obter(session: AsyncSession, webhook_id: int) -> WebhookEndpoint:
    webhook = await WebhookRepository(session).get(webhook_id)
    if webhook is None:
        raise WebhookNotFoundError()
    return webhook


async def listar(session: AsyncSession, page: PageParams) -> Sequence[WebhookEndpoint]:
    return await WebhookRepository(session).list(page)


async def atualizar(
    session: AsyncSession, settings: Settings, webhook_id: int, data: WebhookUpdate
) -> WebhookEndpoint:
    webhook = await obter(session, webhook_id)
    if data.url is not None:
        _conferir_destino(settings, data.url)
        webhook.url = data.url
    if data.eventos is not None:
        webhook.eventos = sorted(set(data.eventos))
    if data.descricao is not None:
        webhook.descricao = data.descricao
    if data.ativo is not None:
        webhook.ativo = data.ativo
        if data.ativo:  # a fresh start: the admin says the receiver is back
            webhook.motivo_desativacao = None
            webhook.falhando_desde = None
    await session.flush()
    _invalidar(session)
    return webhook


async def remover(session: AsyncSession, webhook_id: int) -> None:
    await WebhookRepository(session).delete(await obter(session, webhook_id))
    _invalidar(session)


async def trocar_segredo(
    session: AsyncSession, settings: Settings, webhook_id: int
) -> WebhookComSegredo:
    webhook = await obter(session, webhook_id)
    segredo = _novo_segredo()
    webhook.segredo = segredos.cifrar(settings, {"segredo": segredo})
    await session.flush()
    return WebhookComSegredo(
        **WebhookResponse.model_validate(webhook).model_dump(), segredo=segredo
    )


async def entregas(
    session: AsyncSession, webhook_id: int, page: PageParams
) -> list[EntregaResponse]:
    await obter(session, webhook_id)
    repository = WebhookRepository(session)
    lista = await repository.entregas(webhook_id, page)
    historico = defaultdict(list)
    for tentativa in await repository.tentativas([entrega.id for entrega in lista]):
        historico[tentativa.entrega_id].append(TentativaResponse.model_validate(tentativa))
    return [_entrega(entrega, historico[entrega.id]) for entrega in lista]


def _entrega(entrega: EntregaWebhook, historico: list[TentativaResponse]) -> EntregaResponse:
    em_aberto = entrega.estado in (EstadoEntrega.PENDENTE, EstadoEntrega.ENVIANDO)
    return EntregaResponse(
        id=entrega.id,
        mensagem_id=entrega.mensagem_id,
        tipo=entrega.tipo,
        estado=entrega.estado,
        tentativas=entrega.tentativas,
        proxima_em=entrega.proxima_em if em_aberto else None,
        data_criacao=entrega.data_criacao,
        entregue_em=entrega.entregue_em,
        historico=historico,
    )


async def reenviar(session: AsyncSession, webhook_id: int, entrega_id: int) -> EntregaResponse:
    """The same event (same body, same `webhook-id`) goes out again now."""
    webhook = await obter(session, webhook_id)
    entrega = await WebhookRepository(session).entrega(webhook_id, entrega_id)
    if entrega is None:
        raise EntregaNotFoundError()
    if not webhook.ativo:
        raise WebhookInativoError()
    entrega.estado = EstadoEntrega.PENDENTE
    entrega.proxima_em = utcnow()
    await session.flush()
    await wake_worker(session)
    historico = await WebhookRepository(session).tentativas([entrega.id])
    return _entrega(entrega, [TentativaResponse.model_validate(t) for t in historico])


class WebhookInativoError(AppError):
    status_code = 409
    code = "webhook_inativo"
    detail = "Este webhook está desativado: reative-o (PATCH com ativo=true) antes de reenviar"
