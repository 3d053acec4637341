"""The conversation on a ticket: replies, internal notes and the customer's follow-ups.

A customer's message is triaged like a new ticket's: it can raise the priority, it reopens a
resolved ticket within the empresa's window, and after that window (or on a closed ticket) it
opens a new ticket linked to the old one. Channels (WhatsApp, e-mail) will call
`mensagem_do_cliente` with their provider's message id.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados import service as chamados
from src.chamados.atribuicao import service as atribuicao
from src.chamados.events import (
    ChamadoContinuado,
    ChamadoReaberto,
    MensagemCriada,
    MensagemTriada,
    TriagemAdotada,
)
from src.chamados.exceptions import ChamadoFechadoError
from src.chamados.mensagens.repository import MensagemRepository
from src.chamados.mensagens.schemas import MensagemCreate
from src.core import events
from src.core.errors import NotFoundError
from src.core.pagination import PageParams
from src.empresas.service import get_empresa
from src.models import (
    PRIORIDADES,
    Anexo,
    AutorTipo,
    Chamado,
    Mensagem,
    StatusChamado,
    Usuario,
)
from src.models.base import utcnow
from src.triage import Triador, Triagem

# A thank-you after the solution closes the loop; it must not put the ticket back in a queue.
NAO_REABREM = frozenset({"agradecimento"})


@dataclass(frozen=True, slots=True)
class MensagemDoCliente:
    texto: str
    canal: str | None = None  # None: the ticket's own channel
    registrado_por_id: int | None = None
    id_externo: str | None = None
    conteudo_tipo: str | None = None  # a channel's kind of message: text, image, audio...
    midia_id: str | None = None
    assunto: str | None = None  # e-mail: its subject, and the text as it came
    conteudo_original: str | None = None


async def registrar(
    session: AsyncSession,
    chamado_id: int,
    data: MensagemCreate,
    usuario: Usuario,
    triador: Triador,
) -> Mensagem:
    if data.remetente == AutorTipo.CLIENTE:
        recebida = MensagemDoCliente(data.mensagem, registrado_por_id=usuario.id)
        return await mensagem_do_cliente(session, chamado_id, recebida, triador)
    return await mensagem_do_atendente(session, chamado_id, usuario, data.mensagem, data.interna)


async def mensagem_do_atendente(
    session: AsyncSession,
    chamado_id: int,
    autor: Usuario,
    texto: str,
    interna: bool = False,
    conteudo_tipo: str | None = None,
) -> Mensagem:
    """An operator's reply or note. `conteudo_tipo` names a channel's special kind of
    message (a WhatsApp template), which its channel sends its own way."""
    chamado = await chamados.get_for_update(session, chamado_id)
    if not interna and chamado.status == StatusChamado.FECHADO:
        raise ChamadoFechadoError()
    mensagem = Mensagem(
        chamado_id=chamado.id,
        autor_tipo=AutorTipo.ATENDENTE,
        autor_id=autor.id,
        interna=interna,
        canal=None if interna else chamado.canal,
        mensagem=texto,
        status_entrega=None if interna else chamados.status_de_envio(chamado),
        conteudo_tipo=conteudo_tipo,
        data_criacao=utcnow(),
    )
    primeira_resposta = False
    if not interna:
        primeira_resposta = chamado.data_primeira_resposta is None
        if primeira_resposta:
            chamado.data_primeira_resposta = mensagem.data_criacao
        chamado.data_atualizacao = mensagem.data_criacao
        if chamado.status in (StatusChamado.ABERTO, StatusChamado.ENCAMINHADO):
            await chamados.mudar_status(session, chamado, StatusChamado.EM_ATENDIMENTO, autor.id)
    await MensagemRepository(session).add(mensagem)
    await events.emit(session, MensagemCriada(chamado, mensagem, primeira_resposta))
    return mensagem


async def mensagem_do_cliente(
    session: AsyncSession, chamado_id: int, recebida: MensagemDoCliente, triador: Triador
) -> Mensagem:
    # Classified before the ticket is locked: concurrent writers never wait on the model.
    triagem = await triador.classify_async(recebida.texto)
    chamado = await chamados.get_for_update(session, chamado_id)
    if await _fora_da_conversa(session, chamado):
        return await _continuar_em_novo_chamado(session, chamado, recebida, triagem)
    mensagem = Mensagem(
        chamado_id=chamado.id,
        autor_tipo=AutorTipo.CLIENTE,
        autor_id=chamado.cliente_id,
        registrado_por_id=recebida.registrado_por_id,
        interna=False,
        canal=recebida.canal or chamado.canal,
        mensagem=recebida.texto,
        id_externo=recebida.id_externo,
        conteudo_tipo=recebida.conteudo_tipo,
        midia_id=recebida.midia_id,
        assunto=recebida.assunto,
        conteudo_original=recebida.conteudo_original,
        data_criacao=utcnow(),
    )
    await MensagemRepository(session).add(mensagem)
    chamado.data_atualizacao = mensagem.data_criacao
    await events.emit(
        session,
        MensagemTriada(chamado, mensagem, triagem.intencao, triagem.prioridade, triagem.confianca),
    )
    if _em_conversa(chamado):
        await events.emit(session, MensagemCriada(chamado, mensagem, primeira_resposta=False))
        await _adotar_triagem(session, chamado, triagem)
        return mensagem
    if _mais_urgente(triagem.prioridade, chamado.prioridade):
        await chamados.mudar_prioridade(
            session, chamado, triagem.prioridade, None, motivo="triagem"
        )
    await _retomar(session, chamado, mensagem, triagem)
    await events.emit(session, MensagemCriada(chamado, mensagem, primeira_resposta=False))
    return mensagem


def _em_conversa(chamado: Chamado) -> bool:
    """Opened by a greeting (or thanks, or nothing readable) and still waiting for the
    customer to say what they need: never handed to a person, never resolved."""
    return (
        chamado.status == StatusChamado.AGUARDANDO_CLIENTE
        and not chamado.encaminhado_para_humano
        and not chamado.resolvido_automaticamente
    )


async def _adotar_triagem(session: AsyncSession, chamado: Chamado, triagem: Triagem) -> None:
    """The customer's message says what the greeting did not: the ticket takes its triage,
    answered automatically, handed to a queue, or still a conversation."""
    triagem = await chamados.responder(session, triagem, chamado.cliente_id)
    intencao_anterior, auto_anterior = chamado.intencao, chamado.resolvido_automaticamente
    chamados.aplicar_triagem(chamado, triagem)
    await events.emit(session, TriagemAdotada(chamado, intencao_anterior, auto_anterior))
    await chamados.mudar_prioridade(session, chamado, triagem.prioridade, None, "triagem")
    resposta = Mensagem(
        chamado_id=chamado.id,
        autor_tipo=AutorTipo.BOT,
        interna=False,
        canal=chamado.canal,
        mensagem=triagem.resposta,
        status_entrega=chamados.status_de_envio(chamado),
        data_criacao=utcnow(),
    )
    await MensagemRepository(session).add(resposta)
    if triagem.resolvido_automaticamente:  # the automatic answer is the first answer
        chamado.data_primeira_resposta = resposta.data_criacao
        await chamados.mudar_status(session, chamado, StatusChamado.RESOLVIDO, None)
    elif triagem.encaminhar:
        await chamados.mudar_status(session, chamado, StatusChamado.ABERTO, None)
        await atribuicao.encaminhar(session, chamado, triagem.equipe)
    primeira = triagem.resolvido_automaticamente
    await events.emit(session, MensagemCriada(chamado, resposta, primeira_resposta=primeira))


async def _fora_da_conversa(session: AsyncSession, chamado: Chamado) -> bool:
    """Closed, or resolved longer ago than the empresa's reopen window."""
    if chamado.status == StatusChamado.FECHADO:
        return True
    if chamado.status != StatusChamado.RESOLVIDO or chamado.data_resolucao is None:
        return False
    empresa = await get_empresa(session, chamado.empresa_id)
    return utcnow() - chamado.data_resolucao > timedelta(days=empresa.janela_reabertura_dias)


async def _continuar_em_novo_chamado(
    session: AsyncSession, antigo: Chamado, recebida: MensagemDoCliente, triagem: Triagem
) -> Mensagem:
    novo = await chamados.abrir_chamado(
        session,
        chamados.NovoChamado(
            cliente_id=antigo.cliente_id,
            canal=recebida.canal or antigo.canal,
            mensagem=recebida.texto,
            user_id=recebida.registrado_por_id,
            chamado_origem_id=antigo.id,
            conta_canal_id=antigo.conta_canal_id,
            id_externo=recebida.id_externo,
            conteudo_tipo=recebida.conteudo_tipo,
            midia_id=recebida.midia_id,
            assunto=recebida.assunto,
            conteudo_original=recebida.conteudo_original,
        ),
        triagem,
    )
    await events.emit(session, ChamadoContinuado(antigo, novo))
    return await MensagemRepository(session).abertura(novo.id)


async def _retomar(
    session: AsyncSession, chamado: Chamado, mensagem: Mensagem, triagem: Triagem
) -> None:
    """The customer's turn is over: a resolved ticket reopens, a waiting one resumes."""
    if chamado.status == StatusChamado.RESOLVIDO and triagem.intencao not in NAO_REABREM:
        await chamados.mudar_status(session, chamado, StatusChamado.ABERTO, None)
        await events.emit(session, ChamadoReaberto(chamado, mensagem))
    elif chamado.status == StatusChamado.AGUARDANDO_CLIENTE:
        await chamados.mudar_status(session, chamado, StatusChamado.EM_ATENDIMENTO, None)


def _mais_urgente(prioridade: str, atual: str) -> bool:
    return PRIORIDADES.index(prioridade) > PRIORIDADES.index(atual)


async def thread(session: AsyncSession, chamado_id: int, page: PageParams) -> Sequence:
    await chamados.get_chamado(session, chamado_id)
    repository = MensagemRepository(session)
    linhas = await repository.thread(chamado_id, page)
    # Only e-mail brings files: other threads cost no extra query.
    com_anexos = [linha.id for linha in linhas if linha.conteudo_tipo == "email"]
    if not com_anexos:
        return linhas
    por_mensagem: dict[int, list] = defaultdict(list)
    for anexo in await repository.anexos(com_anexos):
        por_mensagem[anexo.mensagem_id].append(anexo)
    return [{**linha._mapping, "anexos": por_mensagem[linha.id]} for linha in linhas]


async def respostas(session: AsyncSession, chamado_id: int, page: PageParams) -> Sequence:
    await chamados.get_chamado(session, chamado_id)
    return await MensagemRepository(session).respostas(chamado_id, page)


class AnexoNotFoundError(NotFoundError):
    code = "anexo_not_found"
    detail = "Anexo não encontrado neste chamado"


class AnexoNaoGuardadoError(NotFoundError):
    code = "anexo_nao_guardado"
    detail = "Este anexo era maior que o limite (ANEXO_MAX_BYTES): só o nome e o tamanho ficaram"


async def anexo(session: AsyncSession, chamado_id: int, anexo_id: int) -> Anexo:
    await chamados.get_chamado(session, chamado_id)
    encontrado = await MensagemRepository(session).anexo(chamado_id, anexo_id)
    if encontrado is None:
        raise AnexoNotFoundError()
    if encontrado.conteudo is None:
        raise AnexoNaoGuardadoError()
    return encontrado
