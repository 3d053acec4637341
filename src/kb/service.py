"""Articles (versioned, cut into passages with their embeddings at save time) and search."""

import asyncio
import html
from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
from cachetools import LRUCache
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from src.core.errors import ConflictError, NotFoundError
from src.core.pagination import PageParams
from src.core.tenancy import bound_empresa
from src.kb import texto, trechos
from src.kb.busca import Achado, Modo, ordenar
from src.kb.indice import Indice, embedding_bytes
from src.kb.repository import KbRepository
from src.kb.schemas import ArtigoCreate, ArtigoUpdate, ResultadoBusca
from src.kb.trechos import cortar
from src.models import ArtigoKb, Empresa, TrechoKb, Usuario, VersaoArtigoKb
from src.triage.runtime.encoder import SentenceEncoder

MAX_EMPRESAS_EM_MEMORIA = 64
_indices: LRUCache[int, Indice] = LRUCache(MAX_EMPRESAS_EM_MEMORIA)
_construindo: dict[int, asyncio.Lock] = {}


class ArtigoNotFoundError(NotFoundError):
    code = "artigo_not_found"
    detail = "Artigo não encontrado"


class ArtigoTituloEmUsoError(ConflictError):
    code = "artigo_existente"
    detail = "Já existe um artigo com esse título nesta empresa"


async def criar(
    session: AsyncSession,
    data: ArtigoCreate,
    usuario: Usuario | None,
    encoder: SentenceEncoder | None,
) -> ArtigoKb:
    repository = KbRepository(session)
    if await repository.id_por_titulo(data.titulo) is not None:
        raise ArtigoTituloEmUsoError()
    artigo = ArtigoKb(
        titulo=data.titulo,
        corpo=data.corpo,
        categoria=data.categoria,
        tags=list(dict.fromkeys(data.tags)),
        publicado=data.publicado,
        versao=1,
        autor_id=usuario.id if usuario else None,
    )
    try:
        await repository.add(artigo)
    except IntegrityError as exc:  # a concurrent request took the title
        raise ArtigoTituloEmUsoError() from exc
    await _registrar_versao(session, artigo, usuario)
    await repository.trocar_trechos(artigo.id, await _trechos(artigo, encoder))
    await repository.mudou(artigo.empresa_id)
    return artigo


async def atualizar(
    session: AsyncSession,
    artigo_id: int,
    data: ArtigoUpdate,
    usuario: Usuario,
    encoder: SentenceEncoder | None,
) -> ArtigoKb:
    repository = KbRepository(session)
    artigo = await obter(session, artigo_id, para_alterar=True)
    antes = (artigo.titulo, artigo.corpo)
    mudancas = {
        campo: valor
        for campo, valor in data.model_dump(exclude_unset=True).items()
        if valor is not None or campo == "categoria"
    }
    if "tags" in mudancas:
        mudancas["tags"] = list(dict.fromkeys(mudancas["tags"]))
    mudancas = {c: v for c, v in mudancas.items() if getattr(artigo, c) != v}
    if not mudancas:
        return artigo
    titulo = mudancas.get("titulo")
    if titulo is not None and await repository.id_por_titulo(titulo) is not None:
        raise ArtigoTituloEmUsoError()
    for campo, valor in mudancas.items():
        setattr(artigo, campo, valor)
    artigo.versao += 1
    artigo.data_atualizacao = datetime.now(UTC)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise ArtigoTituloEmUsoError() from exc
    await _registrar_versao(session, artigo, usuario)
    if (artigo.titulo, artigo.corpo) != antes:
        await repository.trocar_trechos(artigo.id, await _trechos(artigo, encoder))
    elif "publicado" in mudancas:
        await repository.publicar_trechos(artigo.id, artigo.publicado)
    await repository.mudou(artigo.empresa_id)
    return artigo


async def apagar(session: AsyncSession, artigo_id: int) -> None:
    artigo = await obter(session, artigo_id, para_alterar=True)
    await session.delete(artigo)
    await session.flush()
    await KbRepository(session).mudou(artigo.empresa_id)


async def obter(session: AsyncSession, artigo_id: int, *, para_alterar: bool = False) -> ArtigoKb:
    artigo = await KbRepository(session).artigo(artigo_id, para_alterar=para_alterar)
    if artigo is None:
        raise ArtigoNotFoundError()
    return artigo


async def listar(
    session: AsyncSession, page: PageParams, categoria: str | None, publicado: bool | None
) -> Sequence[ArtigoKb]:
    return await KbRepository(session).artigos(page, categoria, publicado)


async def versoes(session: AsyncSession, artigo_id: int) -> Sequence[VersaoArtigoKb]:
    await obter(session, artigo_id)
    return await KbRepository(session).versoes(artigo_id)


async def indice(session: AsyncSession) -> Indice:
    """The bound empresa's index, rebuilt when a transaction changed its articles."""
    empresa_id = bound_empresa(session)
    repository = KbRepository(session)
    marca = await repository.marca_do_indice()
    atual = _indices.get(empresa_id)
    if atual is not None and atual.marca == marca:
        return atual
    async with _construindo.setdefault(empresa_id, asyncio.Lock()):
        atual = _indices.get(empresa_id)
        if atual is None or atual.marca != marca:
            linhas = await repository.linhas_do_indice()
            atual = await run_in_threadpool(Indice.construir, marca, linhas)
            _indices[empresa_id] = atual
    return atual


async def buscar(
    session: AsyncSession,
    consulta: str,
    encoder: SentenceEncoder | None,
    *,
    modo: Modo = Modo.HIBRIDO,
    so_publicados: bool = False,
    limite: int = 5,
) -> tuple[list[ResultadoBusca], bool]:
    """The best passages, and whether the semantic half could take part."""
    atual = await indice(session)
    vetor = await codificar(encoder, consulta) if modo != Modo.TEXTO else None
    achados = ordenar(atual, consulta, vetor, modo=modo, so_publicados=so_publicados)
    # The index may be a moment older than the rows: the rows decide what is published.
    resultados = await _resultados(session, atual, achados[: limite * 2], consulta)
    visiveis = [r for r in resultados if r.publicado or not so_publicados][:limite]
    return visiveis, semantica_disponivel(atual, encoder)


async def codificar(encoder: SentenceEncoder | None, frase: str) -> np.ndarray | None:
    if encoder is None:
        return None
    return await run_in_threadpool(encoder.encode, frase)


async def _resultados(
    session: AsyncSession, atual: Indice, achados: list[Achado], consulta: str
) -> list[ResultadoBusca]:
    repository = KbRepository(session)
    trechos = await repository.trechos([int(atual.ids[a.posicao]) for a in achados])
    artigos = await repository.por_ids(list({t.artigo_id for t in trechos.values()}))
    empresa = await session.get(Empresa, bound_empresa(session))
    radicais = set(texto.termos(consulta))
    resultados = []
    for achado in achados:
        trecho = trechos.get(int(atual.ids[achado.posicao]))
        if trecho is None:  # deleted since the index was read
            continue
        artigo = artigos.get(trecho.artigo_id)
        if artigo is None:
            continue
        resultados.append(
            ResultadoBusca(
                artigo_id=artigo.id,
                trecho_id=trecho.id,
                titulo=artigo.titulo,
                secao=trecho.secao,
                texto=trecho.texto,
                destaque=destacar(trecho.texto, radicais),
                pontuacao=round(achado.pontuacao, 6),
                pontuacao_texto=round(achado.bm25, 4),
                similaridade=None if achado.similaridade is None else round(achado.similaridade, 4),
                publicado=artigo.publicado,
                url_publica=(
                    f"/publico/kb/{empresa.slug}/artigos/{artigo.id}" if artigo.publicado else None
                ),
            )
        )
    return resultados


def semantica_disponivel(atual: Indice, encoder: SentenceEncoder | None) -> bool:
    return encoder is not None and (len(atual) == 0 or atual.vetores is not None)


def destacar(trecho: str, radicais: set[str]) -> str:
    partes, fim = [], 0
    for inicio, final in texto.palavras_que_batem(trecho, radicais):
        partes += [
            html.escape(trecho[fim:inicio]),
            "<mark>",
            html.escape(trecho[inicio:final]),
            "</mark>",
        ]
        fim = final
    partes.append(html.escape(trecho[fim:]))
    return "".join(partes)


async def _registrar_versao(
    session: AsyncSession, artigo: ArtigoKb, usuario: Usuario | None
) -> None:
    session.add(
        VersaoArtigoKb(
            artigo_id=artigo.id,
            versao=artigo.versao,
            titulo=artigo.titulo,
            corpo=artigo.corpo,
            categoria=artigo.categoria,
            tags=artigo.tags,
            publicado=artigo.publicado,
            usuario_id=usuario.id if usuario else None,
        )
    )
    await session.flush()


async def _trechos(artigo: ArtigoKb, encoder: SentenceEncoder | None) -> list[TrechoKb]:
    pedacos = cortar(artigo.corpo)
    contextos = [trechos.contexto(artigo.titulo, pedaco) for pedaco in pedacos]
    vetores = await run_in_threadpool(encoder.encode_many, contextos) if encoder else None
    return [
        TrechoKb(
            artigo_id=artigo.id,
            ordem=pedaco.ordem,
            secao=pedaco.secao,
            texto=pedaco.texto,
            termos=" ".join(texto.termos(analisado)),
            embedding=None if vetores is None else embedding_bytes(vetores[i]),
            publicado=artigo.publicado,
        )
        for i, (pedaco, analisado) in enumerate(zip(pedacos, contextos, strict=True))
    ]
