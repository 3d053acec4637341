"""All SQL of an empresa's own triage catalog and thresholds."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.repository import Repository
from src.models import IntencaoEmpresa, LimiaresTriagem

_TODAS = select(IntencaoEmpresa).order_by(IntencaoEmpresa.nome)
_POR_NOME = select(IntencaoEmpresa).where(IntencaoEmpresa.nome == bindparam("nome"))
_LIMIARES = select(LimiaresTriagem)


class CatalogoEmpresaRepository(Repository):
    async def todas(self) -> Sequence[IntencaoEmpresa]:
        return (await self.session.scalars(_TODAS)).all()

    async def por_nome(self, nome: str) -> IntencaoEmpresa | None:
        return await self.session.scalar(_POR_NOME, {"nome": nome})

    async def limiares(self) -> LimiaresTriagem | None:
        return await self.session.scalar(_LIMIARES)
