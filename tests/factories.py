"""Small helpers that create test data through the public API."""

from datetime import datetime
from itertools import count
from typing import Any

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from src.models import EMPRESA_PADRAO_SLUG, Chamado, Empresa

_sequence = count(1)

DEFAULT_PASSWORD = "senha-forte-123"


async def signup(
    client: AsyncClient, username: str | None = None, password: str = DEFAULT_PASSWORD
) -> dict[str, str]:
    """Create an account and return its Authorization header."""
    username = username or f"operador{next(_sequence)}"
    response = await client.post(
        "/auth/signup",
        json={"username": username, "email": f"{username}@empresa.com.br", "password": password},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def create_cliente(client: AsyncClient, headers: dict[str, str], **fields: Any) -> dict:
    n = next(_sequence)
    body = {"nome": f"Cliente {n}", "email": f"cliente{n}@exemplo.com.br", **fields}
    response = await client.post("/clientes/", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def create_chamado(
    client: AsyncClient,
    headers: dict[str, str],
    cliente_id: int,
    mensagem: str = "Quero falar com um atendente sobre o meu contrato",
    canal: str = "site",
) -> dict:
    body = {"cliente_id": cliente_id, "canal": canal, "mensagem": mensagem}
    response = await client.post("/chamados/", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def empresa_padrao_id(db: AsyncSession) -> int:
    """The id of the empresa the migrations create (single-company installs use only it)."""
    return await db.scalar(select(Empresa.id).where(Empresa.slug == EMPRESA_PADRAO_SLUG))


async def abrir_em(db: AsyncSession, quando: datetime, *chamado_ids: int) -> None:
    """Move tickets' opening back in time as if they had arrived then. Through the ORM, like
    any write of the service, so the daily métricas follow the change."""
    for chamado_id in chamado_ids:
        chamado = await db.get(Chamado, chamado_id)
        chamado.data_criacao = quando
    await db.commit()
