from fastapi import APIRouter

from src.auth.dependencies import CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.types import ClienteIdPath
from src.crm.resumo import service
from src.crm.resumo.schemas import ResumoCliente
from src.models import Papel

# The customer's summary reads the CRM: it lives here, its URL under the customer.
router = APIRouter(prefix="/clientes", tags=["crm"])


@router.get(
    "/{cliente_id}/resumo",
    response_model=ResumoCliente,
    summary="Resumo do cliente",
    description=(
        "Contratos com o plano, faturas em aberto (e vencidas), últimos pagamentos e "
        "chamados recentes, numa chamada só."
    ),
    responses=error_responses(401, 404),
)
async def resumo(
    cliente_id: ClienteIdPath, session: DbSession, usuario: CurrentUser
) -> ResumoCliente:
    return await service.resumo(session, cliente_id, admin=usuario.papel == Papel.ADMIN)
