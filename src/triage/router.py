from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Request, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.chamados.service import responder
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.triage import Triador
from src.triage.catalogo_empresa import service as catalogo_empresa
from src.triage.catalogo_empresa.schemas import (
    IntencaoCreate,
    IntencaoUpdate,
    LimiaresResponse,
    LimiaresUpdate,
)
from src.triage.catalogo_empresa.service import PerfilTriagem
from src.triage.dependencies import TriadorDep
from src.triage.runtime.catalog import Intencao
from src.triage.schemas import (
    CatalogoResponse,
    ClassificacaoResponse,
    ClassificarRequest,
    IntencaoResponse,
)

router = APIRouter(prefix="/triagem", tags=["triagem"])


@router.post(
    "/classificar",
    response_model=ClassificacaoResponse,
    summary="Classificar uma mensagem sem abrir chamado",
)
async def classificar(
    data: ClassificarRequest, triador: TriadorDep, session: DbSession, _: CurrentUser
) -> ClassificacaoResponse:
    """What a ticket with this message would get, for the caller's empresa (its links)."""
    triagem = await responder(session, await triador.classify_async(data.mensagem), None)
    return ClassificacaoResponse(
        intencao=triagem.intencao,
        confianca=triagem.confianca,
        segunda_intencao=triagem.segunda_intencao,
        confianca_segunda=triagem.confianca_segunda,
        prioridade=triagem.prioridade,
        motivos_prioridade=[asdict(m) for m in triagem.motivos_prioridade],
        resolveria_automaticamente=triagem.resolvido_automaticamente,
        conversa=triagem.conversa,
        encaminharia=triagem.encaminhar,
        resposta=triagem.resposta,
        backend=triagem.backend,
        versao_catalogo=triagem.versao_catalogo,
    )


NomePath = Annotated[
    str, Path(pattern=r"^[a-z][a-z0-9_]{2,49}$", max_length=50, examples=["documento"])
]


@router.get("/intencoes", response_model=CatalogoResponse, summary="Catálogo de intenções")
async def intencoes(
    request: Request, triador: TriadorDep, session: DbSession, usuario: CurrentUser
) -> CatalogoResponse:
    """O catálogo que a triagem usa para a sua empresa: o da instalação com as intenções que
    a empresa alterou ou criou, e os limiares."""
    base = request.app.state.triador.catalog
    # The same (cached) profile the empresa's Triador was built from: no query of its own.
    perfil = await catalogo_empresa.perfil(session, usuario.empresa_id, base)
    return _catalogo_response(triador, perfil)


@router.put(
    "/intencoes/{nome}",
    response_model=IntencaoResponse,
    summary="Alterar uma intenção para a sua empresa (admin)",
    description=(
        "Resposta, prioridade, equipe, se responde sozinha e exemplos a mais. Vale para os "
        "próximos chamados da empresa; exemplos novos reajustam o modelo da empresa em segundo "
        "plano (até lá, o modelo anterior classifica)."
    ),
    responses=error_responses(401, 403, 404, 409),
)
async def alterar_intencao(
    nome: NomePath, data: IntencaoUpdate, request: Request, session: DbSession, _: AdminUser
) -> IntencaoResponse:
    intencao = await catalogo_empresa.alterar(
        session, nome, data, request.app.state.triador.catalog
    )
    return _intencao(intencao, personalizada=True)


@router.post(
    "/intencoes",
    response_model=IntencaoResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar uma intenção da sua empresa (admin)",
    description="Com pelo menos 5 exemplos; o modelo da empresa é reajustado em segundo plano.",
    responses=error_responses(401, 403, 409),
)
async def criar_intencao(
    data: IntencaoCreate, request: Request, session: DbSession, _: AdminUser
) -> IntencaoResponse:
    intencao = await catalogo_empresa.criar(session, data, request.app.state.triador.catalog)
    return _intencao(intencao, personalizada=True)


@router.delete(
    "/intencoes/{nome}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Voltar uma intenção ao padrão, ou apagar uma criada (admin)",
    responses=error_responses(401, 403, 404),
)
async def restaurar_intencao(
    nome: NomePath, request: Request, session: DbSession, _: AdminUser
) -> None:
    await catalogo_empresa.restaurar(session, nome, request.app.state.triador.catalog)


@router.put(
    "/limiares",
    response_model=LimiaresResponse,
    summary="Limiares da resposta automática da sua empresa (admin)",
    description=(
        "Confiança mínima da intenção e folga mínima sobre a segunda colocada para responder "
        "sozinho. Mais altos: menos respostas automáticas, menos erros."
    ),
    responses=error_responses(401, 403),
)
async def definir_limiares(
    data: LimiaresUpdate, session: DbSession, _: AdminUser
) -> LimiaresResponse:
    await catalogo_empresa.definir_limiares(session, data)
    return LimiaresResponse(**data.model_dump(), padrao=False)


def _catalogo_response(triador: Triador, perfil: PerfilTriagem) -> CatalogoResponse:
    catalog = triador.catalog
    proprias = {intencao.nome for intencao in perfil.intencoes}
    return CatalogoResponse(
        versao=catalog.versao,
        backend=triador.backend,
        intencao_padrao=catalog.fallback,
        limiares=LimiaresResponse(
            confianca_minima=triador.config.min_confidence,
            margem_minima=triador.config.min_margin,
            padrao=not perfil.limiares,
        ),
        intencoes=[_intencao(i, i.nome in proprias) for i in catalog.intencoes],
    )


def _intencao(intencao: Intencao, personalizada: bool) -> IntencaoResponse:
    return IntencaoResponse(
        nome=intencao.nome,
        descricao=intencao.descricao,
        prioridade=intencao.prioridade,
        resposta_automatica=intencao.resposta_automatica,
        conversa=intencao.conversa,
        equipe=intencao.equipe,
        resposta=intencao.resposta,
        resposta_encaminhamento=intencao.resposta_encaminhamento,
        personalizada=personalizada,
        exemplos=list(intencao.exemplos),
    )
