"""All SQL about a ticket's history lines."""

from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import ChamadoEvento

_INSERT = insert(ChamadoEvento.__table__)
_e = ChamadoEvento.__table__.c
_DO_CHAMADO = (
    select(ChamadoEvento.__table__)
    .where(_e.chamado_id == bindparam("chamado_id"))
    .order_by(_e.id)
    .offset(bindparam("skip"))
    .limit(bindparam("limit"))
)


class HistoricoRepository(Repository):
    async def insert_many(self, linhas: list[dict]) -> None:
        await self.session.execute(_INSERT, linhas)

    async def do_chamado(self, chamado_id: int, page: PageParams) -> Sequence:
        params = {"chamado_id": chamado_id, "skip": page.skip, "limit": page.limit}
        return (await self.session.execute(_DO_CHAMADO, params)).all()
