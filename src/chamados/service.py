"""Tickets: filing with triage, listing, status changes and operator replies."""

from collections.abc import Sequence

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.events import ChamadoCriado, MensagemCriada, StatusAlterado
from src.chamados.exceptions import ChamadoNotFoundError
from src.chamados.repository import ChamadoRepository, FiltroChamados
from src.chamados.schemas import ChamadoCreate
from src.clientes.exceptions import ClienteNotFoundError
from src.clientes.service import ensure_cliente_exists
from src.core import events
from src.core.database import is_foreign_key_violation
from src.core.pagination import PageParams
from src.models import Canal, Chamado, Resposta, StatusChamado, Usuario
from src.models.base import utcnow
from src.triage import Triador

# Composite (empresa_id, cliente_id): another empresa's cliente is as missing as no cliente.
CLIENTE_FOREIGN_KEY = "fk_chamados_cliente_empresa"


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
        await ChamadoRepository(session).insert(chamado)
    except IntegrityError as error:
        # The foreign key checks the cliente within the INSERT itself: no extra round trip.
        if is_foreign_key_violation(error, CLIENTE_FOREIGN_KEY):
            raise ClienteNotFoundError() from None
        raise
    await events.emit(session, ChamadoCriado(chamado))
    return chamado


async def get_chamado(session: AsyncSession, chamado_id: int) -> Chamado:
    chamado = await ChamadoRepository(session).get(chamado_id)
    if chamado is None:
        raise ChamadoNotFoundError()
    return chamado


async def _get_for_update(repository: ChamadoRepository, chamado_id: int) -> Chamado:
    """Concurrent writers on one ticket see each other's result, or the counters would move
    the same ticket twice."""
    chamado = await repository.get_for_update(chamado_id)
    if chamado is None:
        raise ChamadoNotFoundError()
    return chamado


async def list_chamados(
    session: AsyncSession,
    page: PageParams,
    status: StatusChamado | None = None,
    canal: Canal | None = None,
) -> Sequence[Row]:
    return await ChamadoRepository(session).list(page, FiltroChamados(status=status, canal=canal))


async def list_chamados_do_cliente(
    session: AsyncSession, cliente_id: int, page: PageParams
) -> Sequence[Row]:
    chamados = await ChamadoRepository(session).list(page, FiltroChamados(cliente_id=cliente_id))
    if not chamados:  # an unknown cliente is a 404, not an empty list (checked only then)
        await ensure_cliente_exists(session, cliente_id)
    return chamados


async def change_status(session: AsyncSession, chamado_id: int, status: StatusChamado) -> Chamado:
    repository = ChamadoRepository(session)
    chamado = await _get_for_update(repository, chamado_id)
    anterior = chamado.status
    chamado.status = status
    chamado.data_atualizacao = utcnow()
    await session.flush()
    if anterior != status:
        await events.emit(session, StatusAlterado(chamado, anterior))
    return chamado


async def add_resposta(
    session: AsyncSession, chamado_id: int, autor: Usuario, mensagem: str
) -> Resposta:
    repository = ChamadoRepository(session)
    chamado = await _get_for_update(repository, chamado_id)
    agora = utcnow()
    first_answer = chamado.data_primeira_resposta is None
    if first_answer:
        chamado.data_primeira_resposta = agora
    chamado.data_atualizacao = agora
    resposta = await repository.add(
        Resposta(chamado_id=chamado.id, autor_id=autor.id, mensagem=mensagem, data_criacao=agora)
    )
    await events.emit(session, MensagemCriada(chamado, resposta, first_answer))
    return resposta


async def list_respostas(
    session: AsyncSession, chamado_id: int, page: PageParams
) -> Sequence[Resposta]:
    await get_chamado(session, chamado_id)
    return await ChamadoRepository(session).list_respostas(chamado_id, page)
