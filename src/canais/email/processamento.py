"""What an inbound e-mail becomes: a customer message in its conversation, or a new ticket.

Threading, in order: `In-Reply-To`, then `References`, against every Message-ID we stored or
sent; then a `[#<id>]` tag in the subject, but only when the sender is that ticket's
customer (anyone can type a number in a subject). Machines never get an answer: auto-replies
and bounces are dropped before they can start a loop.
"""

import base64
import hashlib
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from src.canais.email import leitura
from src.canais.email.repository import EmailRepository
from src.chamados import service as chamados
from src.chamados.mensagens import service as mensagens
from src.chamados.mensagens.service import MensagemDoCliente
from src.core.config import Settings
from src.models import Anexo, Canal, Cliente, ContaCanal
from src.triage.runtime.pipeline import Triador

logger = logging.getLogger(__name__)

CANAL = Canal.EMAIL


def _id(recebido: leitura.EmailRecebido, bruto: bytes) -> str:
    """Its Message-ID; one made from its bytes when it has none (still stored once)."""
    return recebido.message_id or f"<sem-id-{hashlib.sha256(bruto).hexdigest()[:40]}@local>"


async def processar_evento(
    session: AsyncSession,
    canal: ContaCanal,
    corpo: str,
    triador: Triador,
    settings: Settings,
) -> None:
    bruto = base64.b64decode(corpo)
    recebido = leitura.ler(bruto)
    message_id = _id(recebido, bruto)
    repository = EmailRepository(session)
    if await repository.mensagem_existe(message_id):
        return  # read twice (a new UIDVALIDITY, a copy in two folders)
    nosso = str(canal.config.get("endereco", "")).lower()
    if recebido.automatico or recebido.remetente == nosso:
        logger.info("e-mail automático ignorado no canal %s: %s", canal.id, message_id)
        return
    cliente = await _cliente(session, repository, recebido)
    texto = recebido.texto
    if recebido.assunto and not recebido.responde_a and recebido.chamado_no_assunto is None:
        texto = f"{recebido.assunto}\n\n{texto}"[: leitura.MAX_TEXTO]  # a new subject says a lot
    chamado_id = await _conversa(repository, recebido, cliente)
    if chamado_id is not None:
        recebida = MensagemDoCliente(
            texto,
            canal=CANAL,
            id_externo=message_id,
            conteudo_tipo="email",
            assunto=recebido.assunto or None,
            conteudo_original=recebido.original or None,
        )
        mensagem = await mensagens.mensagem_do_cliente(session, chamado_id, recebida, triador)
    else:
        triagem = await chamados.responder(session, await triador.classify_async(texto), cliente.id)
        novo = chamados.NovoChamado(
            cliente_id=cliente.id,
            canal=CANAL,
            mensagem=texto,
            user_id=None,
            conta_canal_id=canal.id,
            id_externo=message_id,
            conteudo_tipo="email",
            assunto=recebido.assunto or None,
            conteudo_original=recebido.original or None,
        )
        await chamados.abrir_chamado(session, novo, triagem)
        mensagem = await repository.mensagem_por_message_id(message_id)
    if recebido.anexos and mensagem is not None:
        await repository.guardar_anexos(
            [_anexo(mensagem.id, anexo, settings.anexo_max_bytes) for anexo in recebido.anexos]
        )


def _anexo(mensagem_id: int, anexo: leitura.Anexo, limite: int) -> Anexo:
    cabe = len(anexo.conteudo) <= limite
    return Anexo(
        mensagem_id=mensagem_id,
        nome=anexo.nome,
        tipo=anexo.tipo,
        tamanho=len(anexo.conteudo),
        conteudo=anexo.conteudo if cabe else None,
    )


async def _cliente(
    session: AsyncSession, repository: EmailRepository, recebido: leitura.EmailRecebido
) -> Cliente:
    cliente = await repository.cliente_por_email(recebido.remetente, recebido.remetente_original)
    if cliente is None:
        cliente = Cliente(
            nome=recebido.nome or recebido.remetente.split("@")[0],
            email=recebido.remetente,
            canal_preferido=CANAL,
        )
        session.add(cliente)
        await session.flush()
    return cliente


async def _conversa(
    repository: EmailRepository, recebido: leitura.EmailRecebido, cliente: Cliente
) -> int | None:
    if (chamado_id := await repository.chamado_referido(recebido.responde_a)) is not None:
        return chamado_id
    if (marcado := recebido.chamado_no_assunto) is not None:
        chamado = await repository.chamado(marcado)
        if chamado is not None and chamado.cliente_id == cliente.id:
            return chamado.id
    return None
