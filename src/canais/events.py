"""How the channels react to the conversation: every public answer on a ticket that came
through a channel account is queued in the outbox (src/canais/envios.py), in the answer's own
transaction, and the worker is woken once it commits."""

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.canais.email import saida as email
from src.canais.whatsapp import csat as whatsapp_csat
from src.canais.whatsapp import saida as whatsapp
from src.chamados.events import ChamadoCriado, MensagemCriada, StatusAlterado
from src.core import events
from src.models import AutorTipo, Chamado, ContaCanal, Mensagem, StatusChamado, StatusEntrega

CONTEUDO_MODELO = "template"
_CANAL = select(ContaCanal).where(ContaCanal.id == bindparam("id"))
_RESPOSTA_AUTOMATICA = select(Mensagem).where(
    Mensagem.chamado_id == bindparam("chamado_id"),
    Mensagem.autor_tipo == AutorTipo.BOT,
    Mensagem.status_entrega == StatusEntrega.PENDENTE,
)


@events.handler(ChamadoCriado)
async def resposta_de_abertura(session: AsyncSession, event: ChamadoCriado) -> None:
    chamado = event.chamado
    if chamado.conta_canal_id is None or not chamado.resposta_automatica:
        return
    resposta = await session.scalar(_RESPOSTA_AUTOMATICA, {"chamado_id": chamado.id})
    if resposta is not None:
        await _agendar(session, chamado, resposta)


@events.handler(MensagemCriada)
async def resposta_na_conversa(session: AsyncSession, event: MensagemCriada) -> None:
    if event.chamado.conta_canal_id is None or event.mensagem.interna:
        return
    if event.mensagem.conteudo_tipo == CONTEUDO_MODELO:
        return  # a template: queued by its own service, which checks it against Meta's list
    if event.mensagem.status_entrega == StatusEntrega.PENDENTE:
        await _agendar(session, event.chamado, event.mensagem)


@events.handler(StatusAlterado)
async def pesquisa_de_satisfacao(session: AsyncSession, event: StatusAlterado) -> None:
    """A person resolved a WhatsApp ticket: the survey goes to the customer there."""
    chamado = event.chamado
    if chamado.status != StatusChamado.RESOLVIDO or event.usuario_id is None:
        return
    if chamado.conta_canal_id is None:
        return
    canal = await session.scalar(_CANAL, {"id": chamado.conta_canal_id})
    if canal is not None and canal.tipo == "whatsapp":
        await whatsapp_csat.enviar_pesquisa(session, canal, chamado)
        await events.wake_worker(session)


async def _agendar(session: AsyncSession, chamado: Chamado, mensagem: Mensagem) -> None:
    canal = await session.scalar(_CANAL, {"id": chamado.conta_canal_id})
    if canal is None:
        return
    await session.flush()  # the message's id, for the outbox row
    if canal.tipo == "email":
        await email.agendar_resposta(session, canal, chamado, mensagem)
    else:
        await whatsapp.agendar_resposta(session, canal, chamado, mensagem)
    await events.wake_worker(session)
