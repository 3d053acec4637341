"""Customers: registration and look-ups."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.clientes.exceptions import ClienteEmailTakenError, ClienteNotFoundError
from src.clientes.repository import ClienteRepository
from src.clientes.schemas import ClienteCreate
from src.core.pagination import PageParams
from src.models import Cliente


async def create_cliente(session: AsyncSession, data: ClienteCreate) -> Cliente:
    clientes = ClienteRepository(session)
    email = data.email.lower()
    if await clientes.email_in_use(email):
        raise ClienteEmailTakenError()
    try:
        return await clientes.add(Cliente(**data.model_dump(exclude={"email"}), email=email))
    except IntegrityError as exc:  # a concurrent request registered the same e-mail
        raise ClienteEmailTakenError() from exc


async def get_cliente(session: AsyncSession, cliente_id: int) -> Cliente:
    cliente = await ClienteRepository(session).get(cliente_id)
    if cliente is None:
        raise ClienteNotFoundError()
    return cliente


async def ensure_cliente_exists(session: AsyncSession, cliente_id: int) -> None:
    if not await ClienteRepository(session).exists(cliente_id):
        raise ClienteNotFoundError()


async def list_clientes(session: AsyncSession, page: PageParams) -> Sequence[Cliente]:
    return await ClienteRepository(session).list(page)
