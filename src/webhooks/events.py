"""The domain events integrators subscribed to become deliveries (the outbox), in the same
transaction as the change they report; the worker is woken once it commits."""

from collections.abc import Callable
from typing import Any
from uuid import uuid4

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.events import (
    AtribuicaoAlterada,
    ChamadoCriado,
    CsatRespondida,
    MensagemCriada,
    PrioridadeAlterada,
    SlaAlerta,
    StatusAlterado,
)
from src.core import events
from src.core.cache import CachePorEmpresa
from src.models import Chamado, EntregaWebhook, SlaEstado, WebhookEndpoint
from src.webhooks import eventos

# Which endpoint wants which event, per empresa: read on every ticket write, changed rarely.
inscricoes: CachePorEmpresa[dict[str, tuple[int, ...]]] = CachePorEmpresa(ttl_seconds=30)

_ATIVOS = select(WebhookEndpoint.id, WebhookEndpoint.eventos).where(
    WebhookEndpoint.empresa_id == bindparam("empresa_id"), WebhookEndpoint.ativo.is_(True)
)


async def _carregar(session: AsyncSession, empresa_id: int) -> dict[str, tuple[int, ...]]:
    por_tipo: dict[str, list[int]] = {}
    for webhook_id, tipos in await session.execute(_ATIVOS, {"empresa_id": empresa_id}):
        for tipo in tipos:
            por_tipo.setdefault(tipo, []).append(webhook_id)
    return {tipo: tuple(ids) for tipo, ids in por_tipo.items()}


async def publicar(
    session: AsyncSession, empresa_id: int, tipo: str, dados: Callable[[], dict[str, Any]]
) -> None:
    """One delivery per endpoint subscribed to `tipo`; nothing at all when none is."""
    por_tipo = await inscricoes.obter(empresa_id, lambda: _carregar(session, empresa_id))
    destinos = por_tipo.get(tipo)
    if not destinos:
        return
    await session.flush()  # ids of what the event is about
    corpo = eventos.corpo(tipo, dados())
    for webhook_id in destinos:
        session.add(
            EntregaWebhook(
                empresa_id=empresa_id,
                webhook_id=webhook_id,
                mensagem_id=f"msg_{uuid4().hex}",
                tipo=tipo,
                corpo=corpo,
            )
        )
    await events.wake_worker(session)


async def _sobre_chamado(
    session: AsyncSession, tipo: str, chamado: Chamado, **extra: object
) -> None:
    """An event about a ticket: the ticket as it is now, plus what the event adds."""
    await publicar(session, chamado.empresa_id, tipo, lambda: {**eventos.chamado(chamado), **extra})


@events.handler(ChamadoCriado)
async def chamado_criado(session: AsyncSession, event: ChamadoCriado) -> None:
    chamado = event.chamado
    await _sobre_chamado(
        session,
        "chamado.criado",
        chamado,
        mensagem=chamado.mensagem,
        resposta_automatica=chamado.resposta_automatica,
        resolvido_automaticamente=chamado.resolvido_automaticamente,
    )


@events.handler(StatusAlterado)
async def status_alterado(session: AsyncSession, event: StatusAlterado) -> None:
    await _sobre_chamado(
        session,
        "chamado.status_alterado",
        event.chamado,
        status_anterior=event.anterior,
        usuario_id=event.usuario_id,
    )


@events.handler(PrioridadeAlterada)
async def prioridade_alterada(session: AsyncSession, event: PrioridadeAlterada) -> None:
    await _sobre_chamado(
        session,
        "chamado.prioridade_alterada",
        event.chamado,
        prioridade_anterior=event.anterior,
        motivo=event.motivo,
        usuario_id=event.usuario_id,
    )


@events.handler(AtribuicaoAlterada)
async def atribuido(session: AsyncSession, event: AtribuicaoAlterada) -> None:
    await _sobre_chamado(
        session,
        "chamado.atribuido",
        event.chamado,
        atendente_anterior_id=event.atendente_anterior,
        equipe_anterior_id=event.equipe_anterior,
        motivo=event.motivo,
        usuario_id=event.usuario_id,
    )


@events.handler(MensagemCriada)
async def mensagem_criada(session: AsyncSession, event: MensagemCriada) -> None:
    await publicar(
        session,
        event.chamado.empresa_id,
        "mensagem.criada",
        lambda: {**eventos.mensagem(event.mensagem), "chamado": eventos.chamado(event.chamado)},
    )


@events.handler(SlaAlerta)
async def sla(session: AsyncSession, event: SlaAlerta) -> None:
    tipo = "sla.violado" if event.estado == SlaEstado.VIOLADO else "sla.em_risco"
    await _sobre_chamado(session, tipo, event.chamado, alvo=event.alvo)


@events.handler(CsatRespondida)
async def csat(session: AsyncSession, event: CsatRespondida) -> None:
    chamado = event.chamado
    await _sobre_chamado(
        session,
        "csat.respondido",
        chamado,
        nota=chamado.csat_nota,
        comentario=chamado.csat_comentario,
    )
