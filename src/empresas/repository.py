"""All SQL about empresas (the tenants themselves, so nothing here is scoped by empresa)."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import EMPRESA_PADRAO_SLUG, Empresa

_BY_SLUG = select(Empresa).where(Empresa.slug == bindparam("slug"))


class EmpresaRepository(Repository):
    async def get(self, empresa_id: int) -> Empresa | None:
        return await self.session.get(Empresa, empresa_id)

    async def get_by_slug(self, slug: str) -> Empresa | None:
        return await self.session.scalar(_BY_SLUG, {"slug": slug})

    async def padrao(self) -> Empresa:
        """The empresa the migrations create; it always exists."""
        empresa = await self.get_by_slug(EMPRESA_PADRAO_SLUG)
        if empresa is None:
            raise RuntimeError("a empresa padrão não existe: rode as migrações")
        return empresa

    async def list(self, page: PageParams) -> Sequence[Empresa]:
        query = select(Empresa).order_by(Empresa.id).offset(page.skip).limit(page.limit)
        return (await self.session.scalars(query)).all()
