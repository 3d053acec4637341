"""Delivering webhooks the Standard Webhooks way (https://www.standardwebhooks.com).

Each delivery is a row written with the change it reports. The worker claims due rows, POSTs
the stored body with `webhook-id` (the same on every attempt: receivers deduplicate by it),
`webhook-timestamp` and `webhook-signature` (the specification's library signs), and writes
every attempt down. Webhooks are at-least-once by design, so a claim whose worker died is
simply tried again after its lease. Retries back off with jitter for about three days; a `410
Gone` disables the endpoint at once, and so do three days in which every attempt failed.
"""

import asyncio
import logging
import random
import time
from datetime import timedelta

import httpx2
from sqlalchemy import bindparam, select
from standardwebhooks.webhooks import Webhook

from src.core import outbox, segredos
from src.core.config import Settings
from src.core.database import begin_write
from src.core.tenancy import bind_all_empresas, bind_empresa
from src.models import EntregaWebhook, EstadoEntrega, TentativaWebhook, WebhookEndpoint
from src.models.base import utcnow
from src.webhooks.events import inscricoes

logger = logging.getLogger(__name__)

LOTE = 50
LEASE = timedelta(minutes=1)  # a claim older than this was lost with its worker
# After each failed attempt, wait (±20 %): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h,
# 24 h: ten attempts over about 3 days, then the delivery is given up.
ESPERAS = tuple(
    timedelta(seconds=s) for s in (5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400)
)
DESATIVAR_APOS = timedelta(days=3)  # of nothing but failures
MAX_RESPOSTA = 300  # characters of the receiver's answer kept with an attempt

_A_ENTREGAR = outbox.vencidas(EntregaWebhook, LOTE)
_ENDPOINTS = select(WebhookEndpoint).where(WebhookEndpoint.id.in_(bindparam("ids", expanding=True)))
_ENTREGA = select(EntregaWebhook).where(EntregaWebhook.id == bindparam("id")).with_for_update()
_ENDPOINT = select(WebhookEndpoint).where(WebhookEndpoint.id == bindparam("id")).with_for_update()


def espera(tentativas: int) -> timedelta | None:
    """How long before the next attempt after `tentativas` failed ones; None: give up."""
    if tentativas > len(ESPERAS):
        return None
    return ESPERAS[tentativas - 1] * random.uniform(0.8, 1.2)  # noqa: S311 (jitter)


def cabecalhos(segredo: str, mensagem_id: str, corpo: str) -> dict[str, str]:
    agora = utcnow()
    return {
        "content-type": "application/json",
        "webhook-id": mensagem_id,
        "webhook-timestamp": str(int(agora.timestamp())),
        "webhook-signature": Webhook(segredo).sign(mensagem_id, agora, corpo),
    }


class Entregador:
    def __init__(self, sessionmaker, settings: Settings, http: httpx2.AsyncClient) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.http = http

    async def entregar_pendentes(self) -> int:
        entregas, endpoints = await self._reivindicar()
        await asyncio.gather(*(self._entregar(e, endpoints.get(e.webhook_id)) for e in entregas))
        return len(entregas)

    async def _reivindicar(self) -> tuple[list[EntregaWebhook], dict[int, WebhookEndpoint]]:
        async with self.sessionmaker(expire_on_commit=False) as session, session.begin():
            bind_all_empresas(session)
            await begin_write(session)
            agora = utcnow()
            entregas = list(await session.scalars(_A_ENTREGAR, {"agora": agora}))
            outbox.reivindicar(entregas, agora, LEASE)
            ids = list({entrega.webhook_id for entrega in entregas})
            endpoints = {e.id: e for e in await session.scalars(_ENDPOINTS, {"ids": ids})}
        return entregas, endpoints

    async def _entregar(self, entrega: EntregaWebhook, endpoint: WebhookEndpoint | None) -> None:
        if endpoint is None or not endpoint.ativo:
            await self._registrar(entrega, None, "endpoint desativado", 0, desistir=True)
            return
        segredo = segredos.decifrar(self.settings, endpoint.segredo)["segredo"]
        inicio = time.perf_counter()
        status, erro = None, None
        try:
            resposta = await self.http.post(
                endpoint.url,
                content=entrega.corpo.encode(),
                headers=cabecalhos(segredo, entrega.mensagem_id, entrega.corpo),
            )
            status = resposta.status_code
            if not resposta.is_success:
                erro = resposta.text[:MAX_RESPOSTA] or resposta.reason_phrase
        except httpx2.HTTPError as error:
            erro = f"{type(error).__name__}: {error}"[:500]
        duracao = int((time.perf_counter() - inicio) * 1000)
        await self._registrar(entrega, status, erro, duracao)

    async def _registrar(
        self,
        entrega: EntregaWebhook,
        status: int | None,
        erro: str | None,
        duracao_ms: int,
        desistir: bool = False,
    ) -> None:
        async with self.sessionmaker() as session, session.begin():
            bind_empresa(session, entrega.empresa_id)
            await begin_write(session)
            atual = await session.scalar(_ENTREGA, {"id": entrega.id})
            if atual is None:
                return
            session.add(
                TentativaWebhook(
                    entrega_id=atual.id, status_http=status, erro=erro, duracao_ms=duracao_ms
                )
            )
            endpoint = await session.scalar(_ENDPOINT, {"id": atual.webhook_id})
            if status is not None and 200 <= status < 300:
                atual.estado = EstadoEntrega.ENTREGUE
                atual.entregue_em = utcnow()
                if endpoint is not None:
                    endpoint.falhando_desde = None
                return
            proxima = None if desistir or status == 410 else espera(atual.tentativas)
            if proxima is None:
                atual.estado = EstadoEntrega.FALHOU
            else:
                atual.estado = EstadoEntrega.PENDENTE
                atual.proxima_em = utcnow() + proxima
            if endpoint is not None and not desistir and _contar_falha(endpoint, status):
                inscricoes.invalidar_ao_confirmar(session, endpoint.empresa_id)


def _contar_falha(endpoint: WebhookEndpoint, status: int | None) -> bool:
    """Whether this failure disabled the endpoint."""
    agora = utcnow()
    if status == 410:
        endpoint.ativo = False
        endpoint.motivo_desativacao = "o receptor respondeu 410 (Gone): não quer mais eventos"
        return True
    endpoint.falhando_desde = endpoint.falhando_desde or agora
    if agora - endpoint.falhando_desde < DESATIVAR_APOS:
        return False
    endpoint.ativo = False
    endpoint.motivo_desativacao = "todas as entregas falharam por 3 dias seguidos"
    logger.warning("webhook %s desativado após 3 dias de falhas", endpoint.id)
    return True
