"""The knowledge base as one more signal of the triage: a routine question the triage already
answers automatically gets the article's own words (and its link) when the KB has a confident
answer; otherwise the generic text stays.

Confident (measured on the dev set, docs/kb.md): the best passage holds at least
COBERTURA_MINIMA of the message's terms, and its article's BM25 is at least MARGEM times the
next article's. Both are relative, so they hold for a KB of 3 articles as for one of 3,000. At
these values the quoted article was the right one for every one of the 16 dev questions (of 88)
that passed. The rule for automatic answers is untouched: nothing here answers a message the
triage would hand to a person.
"""

import os

from sqlalchemy.ext.asyncio import AsyncSession

from src.core.tenancy import bound_empresa
from src.kb import service, texto
from src.kb.busca import Modo, ordenar
from src.kb.repository import KbRepository
from src.models import Empresa

COBERTURA_MINIMA = 0.75
MARGEM = 1.5
MAX_CARACTERES = 600


async def citacao(session: AsyncSession, mensagem: str) -> str | None:
    """The answer quoting the published article that answers the message, or None."""
    indice = await service.indice(session)
    if not indice.publicados.any():
        return None
    melhores: dict[int, tuple[float, int]] = {}
    for achado in ordenar(indice, mensagem, None, modo=Modo.TEXTO, so_publicados=True):
        artigo = int(indice.artigos[achado.posicao])
        melhores.setdefault(artigo, (achado.bm25, int(indice.ids[achado.posicao])))
    ranking = list(melhores.values())
    if not ranking or (len(ranking) > 1 and ranking[0][0] < MARGEM * ranking[1][0]):
        return None
    repository = KbRepository(session)
    trecho = (await repository.trechos([ranking[0][1]])).get(ranking[0][1])
    if trecho is None:  # the article changed since the index was read: no quote this time
        return None
    pedidos = set(texto.termos(mensagem))
    if len(pedidos & set(trecho.termos.split())) < COBERTURA_MINIMA * len(pedidos):
        return None
    artigo = await repository.artigo(trecho.artigo_id)
    if artigo is None or not artigo.publicado:
        return None
    empresa = await session.get(Empresa, bound_empresa(session))
    link = f"{_base()}/publico/kb/{empresa.slug}/artigos/{artigo.id}"
    citado = trecho.texto if len(trecho.texto) <= MAX_CARACTERES else _cortar(trecho.texto)
    return f"{citado}\n\nMais detalhes em \u201c{artigo.titulo}\u201d: {link}"


def _base() -> str:
    # Where the help center is published (absolute links in WhatsApp and e-mail); without it
    # the link is the path, which the site's chat resolves against its own address.
    return os.environ.get("URL_PUBLICA", "").rstrip("/")


def _cortar(texto: str) -> str:
    corte = texto[:MAX_CARACTERES].rsplit(" ", 1)[0]
    return f"{corte}…"
