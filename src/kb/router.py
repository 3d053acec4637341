from typing import Annotated

from fastapi import APIRouter, Query, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import ArtigoIdPath, text
from src.kb import service
from src.kb.busca import Modo
from src.kb.dependencies import EmpresaPublica, Encoder
from src.kb.schemas import (
    ArtigoCreate,
    ArtigoPublico,
    ArtigoResponse,
    ArtigoUpdate,
    BuscaResponse,
    VersaoResponse,
)

router = APIRouter(prefix="/kb", tags=["base de conhecimento"])
publico = APIRouter(prefix="/publico/kb", tags=["central de ajuda (pública)"])

Consulta = Annotated[
    str, Query(min_length=1, max_length=500, description="A pergunta ou as palavras a buscar")
]
Limite = Annotated[int, Query(ge=1, le=20, description="Quantos trechos (1 a 20)")]
CategoriaFiltro = Annotated[
    Annotated[str, text(80, single_line=True)] | None, Query(description="Só desta categoria")
]


@router.post(
    "/artigos",
    response_model=ArtigoResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar artigo",
    description="Corpo em Markdown; os trechos e os seus embeddings são calculados aqui.",
    responses=error_responses(401, 409),
)
async def criar(
    data: ArtigoCreate, session: DbSession, usuario: CurrentUser, encoder: Encoder
) -> ArtigoResponse:
    return ArtigoResponse.model_validate(await service.criar(session, data, usuario, encoder))


@router.get("/artigos", response_model=list[ArtigoResponse], summary="Artigos da empresa")
async def listar(
    session: DbSession,
    page: Page,
    _: CurrentUser,
    categoria: CategoriaFiltro = None,
    publicado: Annotated[bool | None, Query(description="Só publicados ou rascunhos")] = None,
) -> list[ArtigoResponse]:
    artigos = await service.listar(session, page, categoria, publicado)
    return [ArtigoResponse.model_validate(a) for a in artigos]


@router.get(
    "/artigos/{artigo_id}",
    response_model=ArtigoResponse,
    summary="Buscar artigo",
    responses=error_responses(401, 404),
)
async def obter(artigo_id: ArtigoIdPath, session: DbSession, _: CurrentUser) -> ArtigoResponse:
    return ArtigoResponse.model_validate(await service.obter(session, artigo_id))


@router.patch(
    "/artigos/{artigo_id}",
    response_model=ArtigoResponse,
    summary="Alterar artigo",
    description="Cada mudança é uma versão nova (`/kb/artigos/{id}/versoes`).",
    responses=error_responses(401, 404, 409),
)
async def atualizar(
    artigo_id: ArtigoIdPath,
    data: ArtigoUpdate,
    session: DbSession,
    usuario: CurrentUser,
    encoder: Encoder,
) -> ArtigoResponse:
    artigo = await service.atualizar(session, artigo_id, data, usuario, encoder)
    return ArtigoResponse.model_validate(artigo)


@router.delete(
    "/artigos/{artigo_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Apagar artigo (admin)",
    responses=error_responses(401, 403, 404),
)
async def apagar(artigo_id: ArtigoIdPath, session: DbSession, _: AdminUser) -> None:
    await service.apagar(session, artigo_id)


@router.get(
    "/artigos/{artigo_id}/versoes",
    response_model=list[VersaoResponse],
    summary="Versões do artigo",
    description="Da mais nova à mais antiga: quem mudou o quê, e quando.",
    responses=error_responses(401, 404),
)
async def versoes(
    artigo_id: ArtigoIdPath, session: DbSession, _: CurrentUser
) -> list[VersaoResponse]:
    return [VersaoResponse.model_validate(v) for v in await service.versoes(session, artigo_id)]


@router.get(
    "/busca",
    response_model=BuscaResponse,
    summary="Buscar na base de conhecimento",
    description=(
        "Busca híbrida: BM25 sobre termos em português (radicais, sem acento) e similaridade "
        "do encoder de frases da triagem, fundidos por posição (RRF ponderado). Devolve os "
        "melhores trechos, de artigos publicados ou não."
    ),
    responses=error_responses(401),
)
async def buscar(
    q: Consulta,
    session: DbSession,
    _: CurrentUser,
    encoder: Encoder,
    modo: Annotated[Modo, Query(description="hibrido, texto ou semantico")] = Modo.HIBRIDO,
    limite: Limite = 5,
) -> BuscaResponse:
    resultados, disponivel = await service.buscar(session, q, encoder, modo=modo, limite=limite)
    return BuscaResponse(q=q, modo=modo, semantica_disponivel=disponivel, resultados=resultados)


@publico.get(
    "/{slug}/artigos",
    response_model=list[ArtigoPublico],
    summary="Artigos publicados (sem login)",
    responses=error_responses(404),
)
async def publicados(
    empresa: EmpresaPublica, session: DbSession, page: Page, categoria: CategoriaFiltro = None
) -> list[ArtigoPublico]:
    artigos = await service.listar(session, page, categoria, True)
    return [ArtigoPublico.model_validate(a) for a in artigos]


@publico.get(
    "/{slug}/artigos/{artigo_id}",
    response_model=ArtigoPublico,
    summary="Ler artigo publicado (sem login)",
    responses=error_responses(404),
)
async def publicado(
    empresa: EmpresaPublica, artigo_id: ArtigoIdPath, session: DbSession
) -> ArtigoPublico:
    artigo = await service.obter(session, artigo_id)
    if not artigo.publicado:
        raise service.ArtigoNotFoundError()
    return ArtigoPublico.model_validate(artigo)


@publico.get(
    "/{slug}/busca",
    response_model=BuscaResponse,
    summary="Buscar na central de ajuda (sem login)",
    description="Como `/kb/busca`, só em artigos publicados.",
    responses=error_responses(404),
)
async def buscar_publico(
    empresa: EmpresaPublica, q: Consulta, session: DbSession, encoder: Encoder, limite: Limite = 5
) -> BuscaResponse:
    resultados, disponivel = await service.buscar(
        session, q, encoder, so_publicados=True, limite=limite
    )
    return BuscaResponse(
        q=q, modo=Modo.HIBRIDO, semantica_disponivel=disponivel, resultados=resultados
    )
