"""Tickets: filing with triage, listing, status changes and operator replies."""

from collections.abc import Sequence

from sqlalchemy import Row, Select, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.exceptions import ChamadoNotFoundError, InvalidStatusError
from src.chamados.schemas import ChamadoCreate
from src.clientes.exceptions import ClienteNotFoundError
from src.clientes.service import ensure_cliente_exists
from src.core.database import is_foreign_key_violation
from src.core.pagination import PageParams
from src.metricas import contadores
from src.models import Canal, Chamado, Resposta, StatusChamado, Usuario
from src.models.base import utcnow
from src.triage import Triador

CLIENTE_FOREIGN_KEY = "fk_chamados_cliente_id_clientes"
_INSERT_COLUMNS = tuple(column.key for column in Chamado.__table__.columns if column.key != "id")
_INSERT_CHAMADO = insert(Chamado.__table__).returning(Chamado.__table__.c.id)


def _column_values(chamado: Chamado) -> dict[str, object]:
    return {key: getattr(chamado, key) for key in _INSERT_COLUMNS}


async def create_chamado(
    session: AsyncSession, data: ChamadoCreate, autor: Usuario, triador: Triador
) -> Chamado:
    recebido_em = utcnow()
    triagem = await triador.classify_async(data.mensagem)
    resolvido = triagem.resolvido_automaticamente
    chamado = Chamado(
        cliente_id=data.cliente_id,
        user_id=autor.id,
        canal=data.canal,
        mensagem=data.mensagem,
        status=StatusChamado.RESOLVIDO if resolvido else StatusChamado.ABERTO,
        resposta_automatica=triagem.resposta,
        encaminhado_para_humano=not resolvido,
        intencao=triagem.intencao,
        prioridade=triagem.prioridade,
        confianca=triagem.confianca,
        triagem_backend=triagem.backend,
        versao_catalogo=triagem.versao_catalogo,
        data_criacao=recebido_em,
        data_atualizacao=recebido_em,
        # An automatic answer is the first answer; otherwise an operator's reply will be.
        data_primeira_resposta=utcnow() if resolvido else None,
    )
    try:
        # Core INSERT ... RETURNING id: the ORM unit of work cost more than the statement.
        chamado.id = await session.scalar(_INSERT_CHAMADO, _column_values(chamado))
    except IntegrityError as error:
        # The foreign key checks the cliente within the INSERT itself: no extra round trip.
        if is_foreign_key_violation(error, CLIENTE_FOREIGN_KEY):
            raise ClienteNotFoundError() from None
        raise
    await contadores.apply(session, contadores.chamado_criado(chamado))
    return chamado


async def get_chamado(session: AsyncSession, chamado_id: int) -> Chamado:
    chamado = await session.get(Chamado, chamado_id)
    if chamado is None:
        raise ChamadoNotFoundError()
    return chamado


async def get_chamado_for_update(session: AsyncSession, chamado_id: int) -> Chamado:
    """Lock the ticket row: concurrent status changes must see each other's result, or the
    counters would move the same ticket twice."""
    query = (
        select(Chamado)
        .where(Chamado.id == chamado_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    chamado = await session.scalar(query)
    if chamado is None:
        raise ChamadoNotFoundError()
    return chamado


# Lists only serialize their rows: selecting the table's columns (not the ORM entity) skips
# identity-map bookkeeping per row. Statements are built once; skip/limit and filters are
# bound parameters, so every call reuses the compiled SQL and the server's prepared statement.
_ROWS = select(Chamado.__table__)
_FILTERS = {
    "status": Chamado.status == bindparam("status"),
    "canal": Chamado.canal == bindparam("canal"),
    "cliente_id": Chamado.cliente_id == bindparam("cliente_id"),
}


def _newest_first(*filters: str) -> Select:
    # Matches the (filter, data_criacao, id) indexes: the newest rows come straight off the
    # index, whatever the table size.
    return (
        _ROWS.where(*(_FILTERS[name] for name in filters))
        .order_by(Chamado.data_criacao.desc(), Chamado.id.desc())
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


_LISTS: dict[tuple[str, ...], Select] = {
    filters: _newest_first(*filters)
    for filters in ((), ("status",), ("canal",), ("status", "canal"), ("cliente_id",))
}


async def _list(session: AsyncSession, page: PageParams, **filters: str | int) -> Sequence[Row]:
    query = _LISTS[tuple(filters)]
    params = {"skip": page.skip, "limit": page.limit, **filters}
    return (await session.execute(query, params)).all()


async def list_chamados(
    session: AsyncSession,
    page: PageParams,
    status: StatusChamado | None = None,
    canal: Canal | None = None,
) -> Sequence[Row]:
    filters = {"status": status, "canal": canal}
    return await _list(session, page, **{k: v for k, v in filters.items() if v is not None})


async def list_chamados_do_cliente(
    session: AsyncSession, cliente_id: int, page: PageParams
) -> Sequence[Row]:
    chamados = await _list(session, page, cliente_id=cliente_id)
    if not chamados:  # an unknown cliente is a 404, not an empty list (checked only then)
        await ensure_cliente_exists(session, cliente_id)
    return chamados


def parse_status(raw: str) -> StatusChamado:
    try:
        return StatusChamado(raw)
    except ValueError:
        raise InvalidStatusError() from None


async def update_status(session: AsyncSession, chamado_id: int, novo_status: str) -> Chamado:
    status = parse_status(novo_status)
    chamado = await get_chamado_for_update(session, chamado_id)
    anterior = chamado.status
    chamado.status = status
    chamado.data_atualizacao = utcnow()
    await session.flush()
    await contadores.apply(session, contadores.status_mudou(chamado, anterior))
    return chamado


async def add_resposta(
    session: AsyncSession, chamado_id: int, autor: Usuario, mensagem: str
) -> Resposta:
    chamado = await get_chamado_for_update(session, chamado_id)
    agora = utcnow()
    resposta = Resposta(
        chamado_id=chamado.id, autor_id=autor.id, mensagem=mensagem, data_criacao=agora
    )
    session.add(resposta)
    first_answer = chamado.data_primeira_resposta is None
    if first_answer:
        chamado.data_primeira_resposta = agora
    chamado.data_atualizacao = agora
    await session.flush()
    if first_answer:
        await contadores.apply(session, contadores.primeira_resposta(chamado))
    return resposta


async def list_respostas(
    session: AsyncSession, chamado_id: int, page: PageParams
) -> Sequence[Resposta]:
    await get_chamado(session, chamado_id)
    query = (
        select(Resposta)
        .where(Resposta.chamado_id == chamado_id)
        .order_by(Resposta.data_criacao, Resposta.id)
        .offset(page.skip)
        .limit(page.limit)
    )
    return (await session.scalars(query)).all()
