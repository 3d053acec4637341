"""All SQL about clientes."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Cliente

# Built once: the hot paths only bind the value.
_EXISTS = select(Cliente.id).where(Cliente.id == bindparam("cliente_id"))
# E-mails are stored lower-cased: an exact match uses the unique index.
_EMAIL_IN_USE = select(Cliente.id).where(Cliente.email == bindparam("email"))


class ClienteRepository(Repository):
    async def get(self, cliente_id: int) -> Cliente | None:
        return await self.session.get(Cliente, cliente_id)

    async def exists(self, cliente_id: int) -> bool:
        return await self.session.scalar(_EXISTS, {"cliente_id": cliente_id}) is not None

    async def email_in_use(self, email: str) -> bool:
        return await self.session.scalar(_EMAIL_IN_USE, {"email": email.lower()}) is not None

    async def list(self, page: PageParams) -> Sequence[Cliente]:
        query = select(Cliente).order_by(Cliente.id).offset(page.skip).limit(page.limit)
        return (await self.session.scalars(query)).all()
