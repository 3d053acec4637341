"""All SQL of an operator's notifications."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import NotificacaoUsuario

_n = NotificacaoUsuario
_MINHAS = (
    select(_n)
    .where(_n.usuario_id == bindparam("usuario_id"))
    .order_by(_n.id.desc())
    .offset(bindparam("skip"))
    .limit(bindparam("limit"))
)
_MINHAS_NAO_LIDAS = _MINHAS.where(_n.lida.is_(False))
_MINHA = select(_n).where(_n.id == bindparam("id"), _n.usuario_id == bindparam("usuario_id"))


class NotificacaoRepository(Repository):
    async def minhas(
        self, usuario_id: int, page: PageParams, nao_lidas: bool
    ) -> Sequence[NotificacaoUsuario]:
        query = _MINHAS_NAO_LIDAS if nao_lidas else _MINHAS
        params = {"usuario_id": usuario_id, "skip": page.skip, "limit": page.limit}
        return (await self.session.scalars(query, params)).all()

    async def minha(self, usuario_id: int, notificacao_id: int) -> NotificacaoUsuario | None:
        params = {"id": notificacao_id, "usuario_id": usuario_id}
        return await self.session.scalar(_MINHA, params)
