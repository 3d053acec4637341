"""Satisfaction surveys (CSAT): one per resolved ticket, answered once, without a login.

Resolving a ticket gives it an unguessable token; its operators see the survey's address as
`csat_url` (the channels will send it to the customer). The answer is recorded on the ticket
and in its history.
"""

import secrets

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.csat.repository import CsatRepository
from src.chamados.csat.schemas import CsatPesquisa, CsatResposta
from src.chamados.events import CsatRespondida
from src.core import events
from src.core.errors import ConflictError, NotFoundError
from src.core.tenancy import bind_empresa
from src.models import Chamado
from src.models.base import utcnow

PERGUNTA = "De 1 a 5, quanto você ficou satisfeito com o atendimento?"
TOKEN_BYTES = 24  # 32 characters, 192 bits


class PesquisaNotFoundError(NotFoundError):
    code = "pesquisa_not_found"
    detail = "Pesquisa de satisfação não encontrada"


class PesquisaRespondidaError(ConflictError):
    code = "pesquisa_ja_respondida"
    detail = "Esta pesquisa de satisfação já foi respondida. Obrigado!"


def abrir_pesquisa(chamado: Chamado) -> None:
    """The ticket was resolved: it gets its survey (once; a reopened ticket keeps it)."""
    if chamado.csat_token is None:
        chamado.csat_token = secrets.token_urlsafe(TOKEN_BYTES)


async def pesquisa(session: AsyncSession, token: str) -> CsatPesquisa:
    found = await CsatRepository(session).por_token(token)
    if found is None:
        raise PesquisaNotFoundError()
    return _pesquisa(*found)


async def responder(session: AsyncSession, token: str, data: CsatResposta) -> CsatPesquisa:
    found = await CsatRepository(session).por_token(token, travar=True)
    if found is None:
        raise PesquisaNotFoundError()
    chamado, empresa = found
    if chamado.csat_nota is not None:
        raise PesquisaRespondidaError()
    # From here the request acts for the ticket's empresa, like an operator of it would.
    bind_empresa(session, chamado.empresa_id)
    chamado.csat_nota = data.nota
    chamado.csat_comentario = data.comentario
    chamado.csat_respondido_em = utcnow()
    await session.flush()
    await events.emit(session, CsatRespondida(chamado))
    return _pesquisa(chamado, empresa)


def _pesquisa(chamado: Chamado, empresa: str) -> CsatPesquisa:
    return CsatPesquisa(
        empresa=empresa,
        pergunta=PERGUNTA,
        respondida=chamado.csat_nota is not None,
        nota=chamado.csat_nota,
        comentario=chamado.csat_comentario,
        data_resposta=chamado.csat_respondido_em,
    )
