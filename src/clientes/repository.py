"""All SQL about clientes."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Cliente

# Built once: the hot paths only bind values, and the session adds the empresa criteria to each
# statement once (core/tenancy.py), not on every request.
_BY_ID = select(Cliente).where(Cliente.id == bindparam("cliente_id"))
_EXISTS = select(Cliente.id).where(Cliente.id == bindparam("cliente_id"))
_PAGE = select(Cliente).order_by(Cliente.id).offset(bindparam("skip")).limit(bindparam("limit"))
# E-mails are stored lower-cased: an exact match uses the unique index.
_EMAIL_IN_USE = select(Cliente.id).where(Cliente.email == bindparam("email"))
_DOCUMENTO = select(Cliente.id).where(Cliente.cpf_cnpj == bindparam("documento"))


class ClienteRepository(Repository):
    async def get(self, cliente_id: int) -> Cliente | None:
        return await self.session.scalar(_BY_ID, {"cliente_id": cliente_id})

    async def exists(self, cliente_id: int) -> bool:
        return await self.session.scalar(_EXISTS, {"cliente_id": cliente_id}) is not None

    async def email_in_use(self, email: str) -> bool:
        return await self.session.scalar(_EMAIL_IN_USE, {"email": email.lower()}) is not None

    async def id_por_documento(self, documento: str) -> int | None:
        return await self.session.scalar(_DOCUMENTO, {"documento": documento})

    async def list(self, page: PageParams) -> Sequence[Cliente]:
        params = {"skip": page.skip, "limit": page.limit}
        return (await self.session.scalars(_PAGE, params)).all()
