"""All SQL about planos."""

from collections.abc import Sequence

from sqlalchemy import select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Plano


class PlanoRepository(Repository):
    async def get(self, plano_id: int) -> Plano | None:
        return await self.session.get(Plano, plano_id)

    async def id_por_nome(self, nome: str) -> int | None:
        return await self.session.scalar(select(Plano.id).where(Plano.nome == nome))

    async def listar(self, page: PageParams, ativo: bool | None) -> Sequence[Plano]:
        consulta = select(Plano).order_by(Plano.id).offset(page.skip).limit(page.limit)
        if ativo is not None:
            consulta = consulta.where(Plano.ativo == ativo)
        return (await self.session.scalars(consulta)).all()
