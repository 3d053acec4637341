from fastapi import APIRouter

from src.auth.dependencies import CurrentUser
from src.triage.dependencies import TriadorDep
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
    data: ClassificarRequest, triador: TriadorDep, _: CurrentUser
) -> ClassificacaoResponse:
    triagem = await triador.classify_async(data.mensagem)
    return ClassificacaoResponse(
        intencao=triagem.intencao,
        confianca=triagem.confianca,
        segunda_intencao=triagem.segunda_intencao,
        confianca_segunda=triagem.confianca_segunda,
        prioridade=triagem.prioridade,
        resolveria_automaticamente=triagem.resolvido_automaticamente,
        resposta=triagem.resposta,
        backend=triagem.backend,
        versao_catalogo=triagem.versao_catalogo,
    )


@router.get("/intencoes", response_model=CatalogoResponse, summary="Catálogo de intenções")
async def intencoes(triador: TriadorDep, _: CurrentUser) -> CatalogoResponse:
    catalog = triador.catalog
    return CatalogoResponse(
        versao=catalog.versao,
        backend=triador.backend,
        intencao_padrao=catalog.fallback,
        intencoes=[
            IntencaoResponse(
                nome=intencao.nome,
                descricao=intencao.descricao,
                prioridade=intencao.prioridade,
                resposta_automatica=intencao.resposta_automatica,
                resposta=intencao.resposta,
                exemplos=list(intencao.exemplos),
            )
            for intencao in catalog.intencoes
        ],
    )
