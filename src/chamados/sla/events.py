"""The SLA follows every change of a ticket, in the same transaction; a breach escalates."""

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.events import MensagemCriada, PrioridadeAlterada, SlaAlerta, StatusAlterado
from src.chamados.sla import escalonamento, service
from src.core import events
from src.models import StatusChamado


@events.handler(StatusAlterado)
async def seguir_status(session: AsyncSession, event: StatusAlterado) -> None:
    chamado = event.chamado
    if chamado.status == StatusChamado.AGUARDANDO_CLIENTE:
        await service.pausar(session, chamado)
    elif event.anterior == StatusChamado.AGUARDANDO_CLIENTE:
        await service.retomar(session, chamado)
    else:
        await service.reavaliar(session, chamado)


@events.handler(PrioridadeAlterada)
async def novos_prazos(session: AsyncSession, event: PrioridadeAlterada) -> None:
    await service.reavaliar(session, event.chamado, novos_prazos=True)


@events.handler(MensagemCriada)
async def primeira_resposta(session: AsyncSession, event: MensagemCriada) -> None:
    if event.primeira_resposta:
        await service.reavaliar(session, event.chamado)


@events.handler(SlaAlerta)
async def escalar(session: AsyncSession, event: SlaAlerta) -> None:
    await escalonamento.escalar(session, event)
