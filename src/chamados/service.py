"""Tickets: filing with triage, listing, status and priority changes.

The conversation on a ticket (messages, reopening) lives in `chamados/mensagens`."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.atribuicao import service as atribuicao
from src.chamados.csat import service as csat
from src.chamados.events import ChamadoCriado, PrioridadeAlterada, StatusAlterado
from src.chamados.exceptions import ChamadoFechadoError, ChamadoNotFoundError
from src.chamados.mensagens.repository import MensagemRepository
from src.chamados.repository import ChamadoRepository, FiltroChamados
from src.chamados.schemas import ChamadoCreate, ChamadoUpdate
from src.chamados.sla import service as sla
from src.clientes.exceptions import ClienteNotFoundError
from src.clientes.service import ensure_cliente_exists
from src.core import events
from src.core.database import is_foreign_key_violation
from src.core.pagination import PageParams
from src.models import AutorTipo, Chamado, StatusChamado, Usuario
from src.models.base import utcnow
from src.triage import Triador, Triagem

# Composite (empresa_id, cliente_id): another empresa's cliente is as missing as no cliente.
CLIENTE_FOREIGN_KEY = "fk_chamados_cliente_empresa"


async def create_chamado(
    session: AsyncSession, data: ChamadoCreate, autor: Usuario, triador: Triador
) -> Chamado:
    triagem = await triador.classify_async(data.mensagem)
    return await abrir_chamado(
        session, NovoChamado(data.cliente_id, data.canal, data.mensagem, autor.id), triagem
    )


@dataclass(frozen=True, slots=True)
class NovoChamado:
    cliente_id: int
    canal: str
    mensagem: str
    user_id: int | None
    chamado_origem_id: int | None = None


async def abrir_chamado(session: AsyncSession, novo: NovoChamado, triagem: Triagem) -> Chamado:
    """File a ticket already triaged: the chamado, its thread's first lines (the customer's
    message and the automatic answer) and the ChamadoCriado event, in one transaction."""
    recebido_em = utcnow()
    resolvido = triagem.resolvido_automaticamente
    chamado = Chamado(
        cliente_id=novo.cliente_id,
        user_id=novo.user_id,
        canal=novo.canal,
        mensagem=novo.mensagem,
        status=StatusChamado.RESOLVIDO if resolvido else StatusChamado.ABERTO,
        resposta_automatica=triagem.resposta,
        encaminhado_para_humano=not resolvido,
        intencao=triagem.intencao,
        prioridade=triagem.prioridade,
        confianca=triagem.confianca,
        triagem_backend=triagem.backend,
        versao_catalogo=triagem.versao_catalogo,
        chamado_origem_id=novo.chamado_origem_id,
        data_criacao=recebido_em,
        data_atualizacao=recebido_em,
    )
    if resolvido:  # an automatic answer is the first answer; otherwise an operator's will be
        chamado.data_primeira_resposta = chamado.data_resolucao = utcnow()
        csat.abrir_pesquisa(chamado)
    await sla.iniciar(session, chamado)
    try:
        await ChamadoRepository(session).insert(chamado)
    except IntegrityError as error:
        # The foreign key checks the cliente within the INSERT itself: no extra round trip.
        if is_foreign_key_violation(error, CLIENTE_FOREIGN_KEY):
            raise ClienteNotFoundError() from None
        raise
    await MensagemRepository(session).insert_many(primeiras_mensagens(chamado))
    await events.emit(session, ChamadoCriado(chamado))
    if not resolvido:
        await atribuicao.encaminhar(session, chamado, triagem.equipe)
    return chamado


def primeiras_mensagens(chamado: Chamado) -> list[dict]:
    """The opening of a thread: the customer's message, then the automatic answer if any."""
    base = {"chamado_id": chamado.id, "interna": False, "canal": chamado.canal}
    linhas = [
        {
            **base,
            "autor_tipo": AutorTipo.CLIENTE,
            "autor_id": chamado.cliente_id,
            "mensagem": chamado.mensagem,
            "data_criacao": chamado.data_criacao,
        }
    ]
    if chamado.resposta_automatica:
        linhas.append(
            {
                **base,
                "autor_tipo": AutorTipo.BOT,
                "autor_id": None,
                "mensagem": chamado.resposta_automatica,
                "data_criacao": chamado.data_primeira_resposta or chamado.data_criacao,
            }
        )
    return linhas


async def get_chamado(session: AsyncSession, chamado_id: int) -> Chamado:
    chamado = await ChamadoRepository(session).get(chamado_id)
    if chamado is None:
        raise ChamadoNotFoundError()
    return chamado


async def get_for_update(session: AsyncSession, chamado_id: int) -> Chamado:
    """Concurrent writers on one ticket see each other's result, or the counters would move
    the same ticket twice."""
    chamado = await ChamadoRepository(session).get_for_update(chamado_id)
    if chamado is None:
        raise ChamadoNotFoundError()
    return chamado


async def list_chamados(
    session: AsyncSession, page: PageParams, filtro: FiltroChamados, ordem: str = "recentes"
) -> Sequence[Row]:
    return await ChamadoRepository(session).list(page, filtro, ordem)


async def list_chamados_do_cliente(
    session: AsyncSession, cliente_id: int, page: PageParams
) -> Sequence[Row]:
    chamados = await ChamadoRepository(session).list(page, FiltroChamados(cliente_id=cliente_id))
    if not chamados:  # an unknown cliente is a 404, not an empty list (checked only then)
        await ensure_cliente_exists(session, cliente_id)
    return chamados


async def change_status(
    session: AsyncSession, chamado_id: int, status: StatusChamado, usuario: Usuario
) -> Chamado:
    chamado = await get_for_update(session, chamado_id)
    await mudar_status(session, chamado, status, usuario.id)
    return chamado


async def update_chamado(
    session: AsyncSession, chamado_id: int, data: ChamadoUpdate, usuario: Usuario
) -> Chamado:
    chamado = await get_for_update(session, chamado_id)
    if data.status is not None:
        await mudar_status(session, chamado, data.status, usuario.id)
    if data.prioridade is not None:
        await mudar_prioridade(session, chamado, data.prioridade, usuario.id)
    return chamado


async def mudar_status(
    session: AsyncSession, chamado: Chamado, status: StatusChamado, usuario_id: int | None
) -> None:
    """The one place a ticket's status changes: rules, timestamps and the event."""
    anterior = chamado.status
    if anterior == status:
        return
    if anterior == StatusChamado.FECHADO:
        raise ChamadoFechadoError()
    agora = utcnow()
    chamado.status = status
    chamado.data_atualizacao = agora
    if status == StatusChamado.RESOLVIDO:
        chamado.data_resolucao = agora
    elif status == StatusChamado.FECHADO:
        chamado.data_resolucao = chamado.data_resolucao or agora
    else:  # back in someone's hands: it is not resolved any more
        chamado.data_resolucao = None
    await session.flush()
    await events.emit(session, StatusAlterado(chamado, anterior, usuario_id))


async def mudar_prioridade(
    session: AsyncSession,
    chamado: Chamado,
    prioridade: str,
    usuario_id: int | None,
    motivo: str = "manual",
) -> None:
    anterior = chamado.prioridade
    if anterior == prioridade:
        return
    chamado.prioridade = prioridade
    chamado.data_atualizacao = utcnow()
    await session.flush()
    await events.emit(session, PrioridadeAlterada(chamado, anterior, usuario_id, motivo))
