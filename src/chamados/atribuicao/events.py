"""Queues follow the tickets' statuses, in the same transaction as the change."""

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.atribuicao import service
from src.chamados.events import StatusAlterado
from src.core import events
from src.models import STATUS_EM_ABERTO


@events.handler(StatusAlterado)
async def seguir_status(session: AsyncSession, event: StatusAlterado) -> None:
    chamado = event.chamado
    estava_aberto = event.anterior in STATUS_EM_ABERTO
    esta_aberto = chamado.status in STATUS_EM_ABERTO
    if estava_aberto and not esta_aberto and chamado.atendente_id is not None:
        # Resolved or closed: its operator has a free slot for the next waiting ticket.
        await service.preencher(session, chamado.atendente_id)
    elif esta_aberto and not estava_aberto and chamado.atendente_id is None:
        # Reopened without an operator: back to its queue's next available one.
        await service.redistribuir(session, chamado)
