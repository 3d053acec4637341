from fastapi import APIRouter

from src.auth.dependencies import CurrentUser
from src.chamados.atribuicao import service
from src.chamados.atribuicao.schemas import AtribuicaoCreate
from src.chamados.schemas import ChamadoResponse
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.types import ChamadoIdPath

router = APIRouter(prefix="/chamados", tags=["atribuição"])


@router.post(
    "/{chamado_id}/atribuicao",
    response_model=ChamadoResponse,
    summary="Atribuir ou transferir o chamado",
    description=(
        "`atendente_id`: quem passa a atender (membro da equipe do chamado ou da `equipe_id` "
        "enviada; 409 se não for); `equipe_id`: transfere para a fila dessa equipe e, sem "
        "`atendente_id`, o próximo atendente disponível dela assume. `atendente_id: null` "
        "devolve o chamado à fila. Ids de outra empresa respondem como inexistentes (404)."
    ),
    responses=error_responses(401, 404, 409),
)
async def atribuir(
    chamado_id: ChamadoIdPath, data: AtribuicaoCreate, session: DbSession, usuario: CurrentUser
) -> ChamadoResponse:
    chamado = await service.atribuir(session, chamado_id, data, usuario)
    return ChamadoResponse.model_validate(chamado)
