"""Plans: admins keep the catalogue; a price change never touches invoices already issued."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import ConflictError, NotFoundError
from src.core.pagination import PageParams
from src.crm.dinheiro import centavos
from src.crm.planos.repository import PlanoRepository
from src.crm.planos.schemas import PlanoCreate, PlanoUpdate
from src.models import Plano


class PlanoNotFoundError(NotFoundError):
    code = "plano_not_found"
    detail = "Plano não encontrado"


class PlanoNomeEmUsoError(ConflictError):
    code = "plano_existente"
    detail = "Já existe um plano com esse nome nesta empresa"


async def criar(session: AsyncSession, data: PlanoCreate) -> Plano:
    repository = PlanoRepository(session)
    if await repository.id_por_nome(data.nome) is not None:
        raise PlanoNomeEmUsoError()
    plano = Plano(
        nome=data.nome,
        descricao=data.descricao,
        preco_mensal_centavos=centavos(data.preco_mensal),
        atributos=data.atributos,
        ativo=data.ativo,
    )
    try:
        return await repository.add(plano)
    except IntegrityError as exc:  # a concurrent request took the name
        raise PlanoNomeEmUsoError() from exc


async def obter(session: AsyncSession, plano_id: int) -> Plano:
    plano = await PlanoRepository(session).get(plano_id)
    if plano is None:
        raise PlanoNotFoundError()
    return plano


async def listar(session: AsyncSession, page: PageParams, ativo: bool | None) -> Sequence[Plano]:
    return await PlanoRepository(session).listar(page, ativo)


async def atualizar(session: AsyncSession, plano_id: int, data: PlanoUpdate) -> Plano:
    plano = await obter(session, plano_id)
    repository = PlanoRepository(session)
    if data.nome is not None and data.nome != plano.nome:
        if await repository.id_por_nome(data.nome) is not None:
            raise PlanoNomeEmUsoError()
        plano.nome = data.nome
    if "descricao" in data.model_fields_set:
        plano.descricao = data.descricao
    if data.preco_mensal is not None:
        plano.preco_mensal_centavos = centavos(data.preco_mensal)
    if data.atributos is not None:
        plano.atributos = data.atributos
    if data.ativo is not None:
        plano.ativo = data.ativo
    try:
        await session.flush()
    except IntegrityError as exc:
        raise PlanoNomeEmUsoError() from exc
    return plano
