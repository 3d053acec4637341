"""Customers: registration and look-ups."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.clientes.exceptions import (
    ClienteDocumentoEmUsoError,
    ClienteEmailTakenError,
    ClienteNotFoundError,
)
from src.clientes.repository import ClienteRepository
from src.clientes.schemas import ClienteCreate, ClienteUpdate
from src.core.pagination import PageParams
from src.models import Cliente


async def create_cliente(session: AsyncSession, data: ClienteCreate) -> Cliente:
    clientes = ClienteRepository(session)
    email = data.email.lower()
    if await clientes.email_in_use(email):
        raise ClienteEmailTakenError()
    if data.cpf_cnpj and await clientes.id_por_documento(data.cpf_cnpj) is not None:
        raise ClienteDocumentoEmUsoError()
    campos = data.model_dump(exclude={"email", "endereco"})
    endereco = data.endereco.model_dump() if data.endereco else None
    try:
        return await clientes.add(Cliente(**campos, email=email, endereco=endereco))
    except IntegrityError as exc:  # a concurrent request registered the same e-mail or document
        raise _conflito(data.cpf_cnpj) from exc


async def update_cliente(session: AsyncSession, cliente_id: int, data: ClienteUpdate) -> Cliente:
    cliente = await get_cliente(session, cliente_id)
    clientes = ClienteRepository(session)
    campos = data.model_fields_set
    if data.email is not None and data.email.lower() != cliente.email:
        if await clientes.email_in_use(data.email.lower()):
            raise ClienteEmailTakenError()
        cliente.email = data.email.lower()
    documento_novo = data.cpf_cnpj and data.cpf_cnpj != cliente.cpf_cnpj
    if documento_novo and await clientes.id_por_documento(data.cpf_cnpj) is not None:
        raise ClienteDocumentoEmUsoError()
    for nome in ("nome", "canal_preferido"):
        if getattr(data, nome) is not None:
            setattr(cliente, nome, getattr(data, nome))
    for nome in ("telefone", "cpf_cnpj"):  # null clears them
        if nome in campos:
            setattr(cliente, nome, getattr(data, nome))
    if "endereco" in campos:
        cliente.endereco = data.endereco.model_dump() if data.endereco else None
    try:
        await session.flush()
    except IntegrityError as exc:
        raise _conflito(data.cpf_cnpj) from exc
    return cliente


def _conflito(documento: str | None) -> Exception:
    return ClienteDocumentoEmUsoError() if documento else ClienteEmailTakenError()


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
