"""Tickets: filing with triage, listing, status and priority changes.

The conversation on a ticket (messages, reopening) lives in `chamados/mensagens`."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace

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
from src.clientes.repository import ClienteRepository
from src.clientes.service import ensure_cliente_exists
from src.core import events
from src.core.database import is_foreign_key_violation
from src.core.pagination import PageParams
from src.core.tenancy import bound_empresa
from src.empresas.service import valores_das_respostas
from src.kb.citacao import citacao
from src.models import AutorTipo, Chamado, StatusChamado, StatusEntrega, Usuario
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
    # A channel's message: the account it came through, and the provider's id and content.
    conta_canal_id: int | None = None
    id_externo: str | None = None
    conteudo_tipo: str | None = None
    midia_id: str | None = None
    assunto: str | None = None  # e-mail: its subject, and the text as it came
    conteudo_original: str | None = None


async def abrir_chamado(session: AsyncSession, novo: NovoChamado, triagem: Triagem) -> Chamado:
    """File a ticket already triaged: the chamado, its thread's first lines (the customer's
    message and the answer) and the ChamadoCriado event, in one transaction. A conversation
    turn (a greeting) waits on the customer; anything else is resolved or goes to a queue."""
    triagem = await responder(session, triagem, novo.cliente_id, novo.mensagem)
    recebido_em = utcnow()
    chamado = Chamado(
        cliente_id=novo.cliente_id,
        user_id=novo.user_id,
        canal=novo.canal,
        mensagem=novo.mensagem,
        chamado_origem_id=novo.chamado_origem_id,
        conta_canal_id=novo.conta_canal_id,
        data_criacao=recebido_em,
        data_atualizacao=recebido_em,
    )
    aplicar_triagem(chamado, triagem)
    chamado.prioridade = triagem.prioridade
    chamado.status = _status_inicial(triagem)
    if triagem.resolvido_automaticamente:  # the automatic answer is the first answer
        chamado.data_primeira_resposta = chamado.data_resolucao = utcnow()
        csat.abrir_pesquisa(chamado)
    elif triagem.conversa:  # no clock runs while we wait for the customer to say what they need
        chamado.sla_pausado_em = recebido_em
    await sla.iniciar(session, chamado)
    try:
        await ChamadoRepository(session).insert(chamado)
    except IntegrityError as error:
        # The foreign key checks the cliente within the INSERT itself: no extra round trip.
        if is_foreign_key_violation(error, CLIENTE_FOREIGN_KEY):
            raise ClienteNotFoundError() from None
        raise
    await MensagemRepository(session).insert_many(primeiras_mensagens(chamado, novo))
    await events.emit(session, ChamadoCriado(chamado))
    if triagem.encaminhar:
        await atribuicao.encaminhar(session, chamado, triagem.equipe)
    return chamado


def aplicar_triagem(chamado: Chamado, triagem: Triagem) -> None:
    """The triage's verdict on the ticket; status and priority change through their own
    rules and events (the caller's)."""
    chamado.resposta_automatica = triagem.resposta
    chamado.encaminhado_para_humano = triagem.encaminhar
    chamado.resolvido_automaticamente = triagem.resolvido_automaticamente
    chamado.intencao = triagem.intencao
    chamado.confianca = triagem.confianca
    chamado.triagem_backend = triagem.backend
    chamado.versao_catalogo = triagem.versao_catalogo
    chamado.motivos_prioridade = [asdict(m) for m in triagem.motivos_prioridade] or None


def _status_inicial(triagem: Triagem) -> StatusChamado:
    if triagem.resolvido_automaticamente:
        return StatusChamado.RESOLVIDO
    return StatusChamado.AGUARDANDO_CLIENTE if triagem.conversa else StatusChamado.ABERTO


async def responder(
    session: AsyncSession, triagem: Triagem, cliente_id: int | None, mensagem: str | None = None
) -> Triagem:
    """The triage's answer filled in for the empresa (its name and links) and the cliente;
    with the customer's `mensagem`, an automatic answer quotes the knowledge base's article
    when it has a confident one (src/kb/citacao.py). Answers without placeholders (the v1
    keyword rules) cost no query."""
    if mensagem is not None and triagem.resolvido_automaticamente and bound_empresa(session):
        artigo = await citacao(session, mensagem)
        if artigo is not None:
            triagem = replace(triagem, resposta=artigo)
    if "{{" not in triagem.resposta + triagem.resposta_encaminhamento:
        return triagem
    empresa_id = bound_empresa(session)
    valores = dict(await valores_das_respostas(session, empresa_id)) if empresa_id else {}
    if cliente_id is not None and "cliente." in triagem.resposta:
        cliente = await ClienteRepository(session).get(cliente_id)
        if cliente is not None:
            valores["cliente.nome"] = cliente.nome.split()[0] if cliente.nome.strip() else ""
    return triagem.para_empresa(valores)


def status_de_envio(chamado: Chamado) -> StatusEntrega | None:
    """An answer on a ticket that came through a channel account waits to be sent through it."""
    return StatusEntrega.PENDENTE if chamado.conta_canal_id else None


def primeiras_mensagens(chamado: Chamado, novo: NovoChamado | None = None) -> list[dict]:
    """The opening of a thread: the customer's message, then the automatic answer if any.
    Through a channel account, the answer waits to be sent (`pendente`)."""
    base = {"chamado_id": chamado.id, "interna": False, "canal": chamado.canal}
    recebida = {
        "id_externo": novo.id_externo if novo else None,
        "conteudo_tipo": novo.conteudo_tipo if novo else None,
        "midia_id": novo.midia_id if novo else None,
        "assunto": novo.assunto if novo else None,
        "conteudo_original": novo.conteudo_original if novo else None,
        "status_entrega": None,
    }
    linhas = [
        {
            **base,
            **recebida,
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
                **dict.fromkeys(recebida),
                "status_entrega": status_de_envio(chamado),
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
