from dataclasses import asdict

from fastapi import APIRouter

from src.auth.dependencies import CurrentUser
from src.chamados.service import responder
from src.core.database import DbSession
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
                conversa=intencao.conversa,
                equipe=intencao.equipe,
                resposta=intencao.resposta,
                resposta_encaminhamento=intencao.resposta_encaminhamento,
                exemplos=list(intencao.exemplos),
            )
            for intencao in catalog.intencoes
        ],
    )
