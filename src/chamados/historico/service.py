"""A ticket's history, read back in the order it happened."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.historico.repository import HistoricoRepository
from src.chamados.service import get_chamado
from src.core.pagination import PageParams


async def eventos(session: AsyncSession, chamado_id: int, page: PageParams) -> Sequence:
    await get_chamado(session, chamado_id)
    return await HistoricoRepository(session).do_chamado(chamado_id, page)
