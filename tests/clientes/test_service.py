"""Clientes service and repository, without HTTP, on a session rolled back after each test."""

import pytest

from src.clientes import service
from src.clientes.exceptions import ClienteEmailTakenError, ClienteNotFoundError
from src.clientes.schemas import ClienteCreate
from src.core.pagination import PageParams


async def test_registering_lowercases_the_email_and_refuses_a_second_one(session):
    cliente = await service.create_cliente(
        session, ClienteCreate(nome="Maria", email="Maria@Exemplo.com.br")
    )
    assert cliente.email == "maria@exemplo.com.br"
    assert cliente.canal_preferido == "site"  # the model's default, filled by the flush
    with pytest.raises(ClienteEmailTakenError):
        await service.create_cliente(
            session, ClienteCreate(nome="Outra", email="MARIA@exemplo.com.br")
        )


async def test_look_ups_and_the_list(session):
    first = await service.create_cliente(session, ClienteCreate(nome="A", email="a@exemplo.com.br"))
    await service.create_cliente(session, ClienteCreate(nome="B", email="b@exemplo.com.br"))
    assert (await service.get_cliente(session, first.id)).nome == "A"
    await service.ensure_cliente_exists(session, first.id)
    with pytest.raises(ClienteNotFoundError):
        await service.ensure_cliente_exists(session, first.id + 100)
    listed = await service.list_clientes(session, PageParams(skip=1, limit=10))
    assert [cliente.nome for cliente in listed] == ["B"]
