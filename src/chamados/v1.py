"""The v1 contract's quirks, kept in one place so the routes that come next are shaped cleanly.

`PUT /chamados/{id}?novo_status=X` takes the status in the query string and answers any other
value with a 400 whose text is a Python list repr: clients match on that exact text. It takes
only the three v1 statuses that text lists; the others are set with `PATCH /chamados/{id}`.
"""

from typing import Annotated

from fastapi import APIRouter, Query

from src.auth.dependencies import CurrentUser
from src.chamados import service
from src.chamados.exceptions import InvalidStatusError
from src.chamados.schemas import ChamadoResponse
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.types import ChamadoIdPath
from src.models import STATUS_V1, StatusChamado

router = APIRouter(prefix="/chamados", tags=["chamados"])


def parse_status(raw: str) -> StatusChamado:
    if raw not in STATUS_V1:
        raise InvalidStatusError()
    return StatusChamado(raw)


@router.put(
    "/{chamado_id}",
    response_model=ChamadoResponse,
    summary="Mudar o status do chamado",
    responses=error_responses(409),
)
async def update_status(
    chamado_id: ChamadoIdPath,
    # Declared as an enum in the schema but read as a string: other values keep the v1 answer
    # (400 with the list of statuses) instead of FastAPI's 422.
    novo_status: Annotated[
        str,
        Query(
            description="aberto, resolvido ou encaminhado",
            json_schema_extra={"enum": [status.value for status in STATUS_V1]},
        ),
    ],
    session: DbSession,
    usuario: CurrentUser,
) -> ChamadoResponse:
    chamado = await service.change_status(session, chamado_id, parse_status(novo_status), usuario)
    return ChamadoResponse.model_validate(chamado)
