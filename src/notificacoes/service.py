"""An operator's notifications: what the SLA (and later other parts) asked them to see."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import NotFoundError
from src.core.pagination import PageParams
from src.models import NotificacaoUsuario, Usuario
from src.notificacoes.repository import NotificacaoRepository


class NotificacaoNotFoundError(NotFoundError):
    code = "notificacao_not_found"
    detail = "Notificação não encontrada"


async def minhas(
    session: AsyncSession, usuario: Usuario, page: PageParams, nao_lidas: bool
) -> Sequence[NotificacaoUsuario]:
    return await NotificacaoRepository(session).minhas(usuario.id, page, nao_lidas)


async def marcar_lida(
    session: AsyncSession, usuario: Usuario, notificacao_id: int
) -> NotificacaoUsuario:
    # Someone else's notification is as missing as one that does not exist.
    notificacao = await NotificacaoRepository(session).minha(usuario.id, notificacao_id)
    if notificacao is None:
        raise NotificacaoNotFoundError()
    notificacao.lida = True
    await session.flush()
    return notificacao
