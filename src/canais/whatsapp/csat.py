"""The satisfaction survey on WhatsApp: when a person resolves a WhatsApp ticket, the customer
gets the question as a list to tap (1 to 5) inside the 24-hour window, or as the account's
survey template (`modelo_csat`, five quick-reply buttons from 1 to 5) outside it. The tap comes
back carrying the survey's token and is recorded as the ticket's CSAT: never a new message,
never a reopened ticket.
"""

import logging
import re

from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import envios
from src.canais.whatsapp.repository import WhatsAppRepository
from src.canais.whatsapp.saida import dentro_da_janela
from src.chamados.csat import service as csat
from src.chamados.csat.repository import CsatRepository
from src.chamados.csat.schemas import CsatResposta
from src.core.errors import AppError
from src.models import AutorTipo, Chamado, Cliente, ContaCanal, Mensagem, StatusEntrega
from src.models.base import utcnow

logger = logging.getLogger(__name__)

CONTEUDO = "csat"
NOTAS = {
    5: "5 · Muito satisfeito",
    4: "4 · Satisfeito",
    3: "3 · Mais ou menos",
    2: "2 · Insatisfeito",
    1: "1 · Muito insatisfeito",
}
_RESPOSTA = re.compile(r"^csat:([A-Za-z0-9_-]{16,64}):([1-5])$")


def _lista(token: str) -> dict:
    linhas = [{"id": f"csat:{token}:{nota}", "title": titulo} for nota, titulo in NOTAS.items()]
    return {
        "type": "list",
        "body": {"text": csat.PERGUNTA},
        "action": {"button": "Avaliar", "sections": [{"title": "Sua nota", "rows": linhas}]},
    }


def _modelo(nome: str, idioma: str, token: str) -> dict:
    botoes = [
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": str(nota - 1),
            "parameters": [{"type": "payload", "payload": f"csat:{token}:{nota}"}],
        }
        for nota in range(1, 6)
    ]
    return {"name": nome, "language": {"code": idioma}, "components": botoes}


async def enviar_pesquisa(session: AsyncSession, canal: ContaCanal, chamado: Chamado) -> None:
    csat.abrir_pesquisa(chamado)  # idempotent: whichever handler of the resolution runs first
    if not canal.ativo or chamado.csat_nota is not None:
        return
    destino = await WhatsAppRepository(session).whatsapp_do_cliente(chamado.cliente_id)
    if not destino:
        return
    if await dentro_da_janela(session, canal, chamado.cliente_id):
        conteudo = {"tipo": "interativo", "interactive": _lista(chamado.csat_token)}
    elif modelo := canal.config.get("modelo_csat"):
        idioma = canal.config.get("modelo_csat_idioma") or "pt_BR"
        conteudo = {"tipo": "modelo", "template": _modelo(modelo, idioma, chamado.csat_token)}
    else:
        logger.info(
            "chamado %s: fora da janela e sem modelo_csat, pesquisa não enviada", chamado.id
        )
        return
    pergunta = Mensagem(
        chamado_id=chamado.id,
        autor_tipo=AutorTipo.SISTEMA,
        interna=False,
        canal=chamado.canal,
        mensagem=csat.PERGUNTA,
        conteudo_tipo=CONTEUDO,
        status_entrega=StatusEntrega.PENDENTE,
        data_criacao=utcnow(),
    )
    session.add(pergunta)
    await session.flush()
    envios.agendar(session, canal.id, pergunta, destino, conteudo)


def resposta(identificador: str | None) -> tuple[str, int] | None:
    """(token, nota) when a tapped list row or button is an answer to our survey."""
    achado = _RESPOSTA.match(identificador or "")
    return (achado.group(1), int(achado.group(2))) if achado else None


async def registrar(
    session: AsyncSession, canal: ContaCanal, cliente: Cliente, token: str, nota: int
) -> None:
    """The customer's tap, as their answer to their own ticket's survey (only theirs)."""
    encontrado = await CsatRepository(session).por_token(token)
    if encontrado is None:
        return
    chamado = encontrado[0]
    if chamado.empresa_id != canal.empresa_id or chamado.cliente_id != cliente.id:
        logger.warning("resposta de pesquisa de outro cliente ignorada no canal %s", canal.id)
        return
    try:
        await csat.responder(session, token, CsatResposta(nota=nota))
    except AppError:  # answered already (a second tap, a redelivery): the first one counts
        return
