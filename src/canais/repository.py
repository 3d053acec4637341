"""All SQL of channel accounts and of the provider events they receive."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.core.tenancy import ALL_EMPRESAS
from src.models import ContaCanal, EventoCanal

# A provider's call knows the path token, not the empresa: the token is the capability.
_POR_TOKEN = (
    select(ContaCanal)
    .where(ContaCanal.token == bindparam("token"), ContaCanal.tipo == bindparam("tipo"))
    .execution_options(**ALL_EMPRESAS)
)


class CanalRepository(Repository):
    async def get(self, canal_id: int) -> ContaCanal | None:
        return await self.session.get(ContaCanal, canal_id)

    async def list(self, page: PageParams) -> Sequence[ContaCanal]:
        query = select(ContaCanal).order_by(ContaCanal.id).offset(page.skip).limit(page.limit)
        return (await self.session.scalars(query)).all()

    async def por_token(self, tipo: str, token: str) -> ContaCanal | None:
        return await self.session.scalar(_POR_TOKEN, {"token": token, "tipo": tipo})

    async def add(self, canal: ContaCanal) -> ContaCanal:
        self.session.add(canal)
        await self.session.flush()
        return canal

    async def guardar_evento(self, evento: EventoCanal) -> None:
        self.session.add(evento)
        await self.session.flush()
