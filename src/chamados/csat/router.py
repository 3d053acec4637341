from typing import Annotated

from fastapi import APIRouter, Path, status

from src.chamados.csat import service
from src.chamados.csat.schemas import CsatPesquisa, CsatResposta
from src.core.database import DbSession
from src.core.openapi import error_responses

router = APIRouter(prefix="/publico/csat", tags=["pesquisa de satisfação (pública)"])
Token = Annotated[
    str, Path(pattern=r"^[A-Za-z0-9_-]{20,64}$", description="O token da pesquisa (no link)")
]


@router.get(
    "/{token}",
    response_model=CsatPesquisa,
    summary="Ver a pesquisa de satisfação (sem login)",
    responses=error_responses(404),
)
async def ver(token: Token, session: DbSession) -> CsatPesquisa:
    return await service.pesquisa(session, token)


@router.post(
    "/{token}",
    response_model=CsatPesquisa,
    status_code=status.HTTP_201_CREATED,
    summary="Responder a pesquisa de satisfação (sem login, uma vez)",
    responses=error_responses(404, 409),
)
async def responder(token: Token, data: CsatResposta, session: DbSession) -> CsatPesquisa:
    return await service.responder(session, token, data)
