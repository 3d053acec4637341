"""A ticket that becomes resolved gets its satisfaction survey, in the same transaction."""

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.csat.service import abrir_pesquisa
from src.chamados.events import StatusAlterado
from src.core import events
from src.models import StatusChamado


@events.handler(StatusAlterado)
async def resolvido(session: AsyncSession, event: StatusAlterado) -> None:
    if event.chamado.status == StatusChamado.RESOLVIDO:
        abrir_pesquisa(event.chamado)
