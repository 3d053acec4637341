"""Customers: registration and look-ups."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.clientes.exceptions import ClienteEmailTakenError, ClienteNotFoundError
from src.clientes.schemas import ClienteCreate
from src.core.pagination import PageParams
from src.models import Cliente


async def create_cliente(session: AsyncSession, data: ClienteCreate) -> Cliente:
    email = data.email.lower()
    if await session.scalar(select(Cliente.id).where(Cliente.email == email)) is not None:
        raise ClienteEmailTakenError()
    cliente = Cliente(**data.model_dump(exclude={"email"}), email=email)
    session.add(cliente)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent request registered the same e-mail
        raise ClienteEmailTakenError() from exc
    return cliente


async def get_cliente(session: AsyncSession, cliente_id: int) -> Cliente:
    cliente = await session.get(Cliente, cliente_id)
    if cliente is None:
        raise ClienteNotFoundError()
    return cliente


# Built once: the hot paths only bind the id.
_CLIENTE_EXISTS = select(Cliente.id).where(Cliente.id == bindparam("cliente_id"))


async def ensure_cliente_exists(session: AsyncSession, cliente_id: int) -> None:
    if await session.scalar(_CLIENTE_EXISTS, {"cliente_id": cliente_id}) is None:
        raise ClienteNotFoundError()


async def list_clientes(session: AsyncSession, page: PageParams) -> Sequence[Cliente]:
    query = select(Cliente).order_by(Cliente.id).offset(page.skip).limit(page.limit)
    return (await session.scalars(query)).all()
