"""What an answer on a WhatsApp ticket becomes in the outbox, and when WhatsApp refuses it.

WhatsApp takes free-form messages only within 24 hours of the customer's last message (the
customer-service window); after that, only an approved template. An operator's reply outside
the window is refused before it is stored, with a pt-BR 422 that says so.
"""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import envios
from src.canais.whatsapp.repository import WhatsAppRepository
from src.core.errors import AppError
from src.models import AutorTipo, Chamado, ContaCanal, Mensagem, StatusEntrega
from src.models.base import utcnow

JANELA = timedelta(hours=24)


class ForaDaJanelaError(AppError):
    status_code = 422
    code = "fora_da_janela_whatsapp"
    detail = (
        "O cliente não escreve no WhatsApp há mais de 24 horas: fora dessa janela o WhatsApp só "
        "aceita modelos (templates) aprovados. Envie um modelo em vez de uma mensagem livre."
    )


class CanalInativoError(AppError):
    status_code = 422
    code = "canal_inativo"
    detail = "O canal deste chamado está desativado: reative-o para responder por ele."


async def dentro_da_janela(session: AsyncSession, canal: ContaCanal, cliente_id: int) -> bool:
    ultima = await WhatsAppRepository(session).ultima_mensagem_do_cliente(cliente_id, canal.id)
    return ultima is not None and utcnow() - ultima < JANELA


async def agendar_resposta(
    session: AsyncSession, canal: ContaCanal, chamado: Chamado, mensagem: Mensagem
) -> None:
    """Queue a free-form answer; an operator's outside the window (or on a deactivated
    channel) is refused, an automatic one is marked failed with the reason."""
    problema: AppError | None = None
    if not canal.ativo:
        problema = CanalInativoError()
    elif not await dentro_da_janela(session, canal, chamado.cliente_id):
        problema = ForaDaJanelaError()
    if problema is not None:
        if mensagem.autor_tipo == AutorTipo.ATENDENTE:
            raise problema
        mensagem.status_entrega = StatusEntrega.FALHOU
        mensagem.erro_entrega = problema.detail[:500]
        return
    destino = await WhatsAppRepository(session).whatsapp_do_cliente(chamado.cliente_id)
    if not destino:  # a customer who never wrote on WhatsApp: nothing to send to
        mensagem.status_entrega = StatusEntrega.FALHOU
        mensagem.erro_entrega = "cliente sem número de WhatsApp"
        return
    conteudo = {"tipo": "texto", "texto": mensagem.mensagem}
    envios.agendar(session, canal.id, mensagem, destino, conteudo)
