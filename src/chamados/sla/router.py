from fastapi import APIRouter

from src.auth.dependencies import AdminUser, CurrentUser
from src.chamados.sla import service
from src.chamados.sla.schemas import PoliticaSlaResponse, PoliticaSlaUpdate
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.models import Prioridade

router = APIRouter(prefix="/sla", tags=["sla"])


@router.get(
    "/politicas",
    response_model=list[PoliticaSlaResponse],
    summary="Prazos de SLA por prioridade",
    description=(
        "Prazos em minutos úteis (expediente, fuso e folgas da empresa em `/empresas/atual`; "
        "feriados nacionais não contam). Sem política própria, vale o padrão do produto."
    ),
    responses=error_responses(401),
)
async def list_politicas(session: DbSession, usuario: CurrentUser) -> list[PoliticaSlaResponse]:
    return await service.politicas(session, usuario.empresa_id)


@router.put(
    "/politicas/{prioridade}",
    response_model=PoliticaSlaResponse,
    summary="Definir os prazos de uma prioridade (admin)",
    description=(
        "Vale para os chamados abertos (ou que mudarem de prioridade) daqui em diante. "
        "`ao_violar_equipe_id` de outra empresa responde como inexistente (404)."
    ),
    responses=error_responses(401, 403, 404),
)
async def set_politica(
    prioridade: Prioridade, data: PoliticaSlaUpdate, session: DbSession, admin: AdminUser
) -> PoliticaSlaResponse:
    return await service.definir_politica(session, admin.empresa_id, prioridade, data)
