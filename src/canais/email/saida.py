"""What an answer on an e-mail ticket becomes in the outbox: the message to send, threaded
into the customer's conversation (Message-ID, In-Reply-To, References, `[#<id>]`)."""

import re
import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import envios
from src.canais.email.repository import EmailRepository
from src.models import AutorTipo, Chamado, ContaCanal, Mensagem, StatusEntrega

MAX_REFERENCIAS = 20
_RESPOSTA = re.compile(r"^\s*(re|res|enc|fwd?)\s*:\s*", re.IGNORECASE)


def assunto(chamado_id: int, original: str | None) -> str:
    base = _RESPOSTA.sub("", original or "").strip() or f"Chamado {chamado_id}"
    marca = f"[#{chamado_id}]"
    return f"Re: {base}" if marca in base else f"Re: {base} {marca}"


def message_id(canal: ContaCanal, mensagem: Mensagem) -> str:
    dominio = str(canal.config["endereco"]).rsplit("@", 1)[-1]
    return f"<atendimento.{mensagem.id}.{secrets.token_hex(8)}@{dominio}>"


async def agendar_resposta(
    session: AsyncSession, canal: ContaCanal, chamado: Chamado, mensagem: Mensagem
) -> None:
    repository = EmailRepository(session)
    destino = await repository.email_do_cliente(chamado.cliente_id)
    if not destino:
        mensagem.status_entrega = StatusEntrega.FALHOU
        mensagem.erro_entrega = "cliente sem e-mail"
        return
    fio = [linha for linha in await repository.do_fio(chamado.id) if linha.id_externo]
    do_cliente = [linha for linha in fio if linha.autor_tipo == AutorTipo.CLIENTE]
    assuntos = [linha.assunto for linha in do_cliente if linha.assunto]
    mensagem.id_externo = message_id(canal, mensagem)  # replies to it find this ticket
    conteudo = {
        "tipo": "email",
        "texto": mensagem.mensagem,
        "assunto": assunto(chamado.id, assuntos[-1] if assuntos else None),
        "message_id": mensagem.id_externo,
        "in_reply_to": do_cliente[-1].id_externo if do_cliente else None,
        "references": [linha.id_externo for linha in fio][-MAX_REFERENCIAS:],
        "automatica": mensagem.autor_tipo == AutorTipo.BOT,
    }
    envios.agendar(session, canal.id, mensagem, destino, conteudo)
