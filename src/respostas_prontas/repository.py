"""All SQL of canned answers."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.repository import Repository
from src.models import RespostaPronta

_TODAS = select(RespostaPronta).order_by(RespostaPronta.titulo)
_TITULO = select(RespostaPronta.id).where(RespostaPronta.titulo == bindparam("titulo"))


class RespostaProntaRepository(Repository):
    async def todas(self) -> Sequence[RespostaPronta]:
        return (await self.session.scalars(_TODAS)).all()

    async def get(self, resposta_id: int) -> RespostaPronta | None:
        return await self.session.get(RespostaPronta, resposta_id)

    async def titulo_em_uso(self, titulo: str) -> bool:
        return await self.session.scalar(_TITULO, {"titulo": titulo}) is not None
