from collections.abc import Sequence

from fastapi import APIRouter, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.chamados.schemas import ChamadoResponse
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.types import ChamadoIdPath, EtiquetaIdPath
from src.etiquetas import service
from src.etiquetas.schemas import EtiquetaCreate, EtiquetaResponse, EtiquetasDoChamado

router = APIRouter(prefix="/etiquetas", tags=["etiquetas"])
# Labelling a ticket lives with the labels; its URL sits under the ticket.
chamado_router = APIRouter(prefix="/chamados", tags=["etiquetas"])


@router.get("/", response_model=list[EtiquetaResponse], summary="Etiquetas da empresa")
async def listar(session: DbSession, _: CurrentUser) -> Sequence:
    return await service.listar(session)


@router.post(
    "/",
    response_model=EtiquetaResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar etiqueta (admin)",
    responses=error_responses(401, 403, 409),
)
async def criar(data: EtiquetaCreate, session: DbSession, _: AdminUser) -> EtiquetaResponse:
    return EtiquetaResponse.model_validate(await service.criar(session, data))


@router.delete(
    "/{etiqueta_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Apagar etiqueta (admin)",
    description="Sai de todos os chamados que a tinham (registrado no histórico de cada um).",
    responses=error_responses(401, 403, 404),
)
async def apagar(etiqueta_id: EtiquetaIdPath, session: DbSession, admin: AdminUser) -> None:
    await service.apagar(session, etiqueta_id, admin)


@chamado_router.put(
    "/{chamado_id}/etiquetas",
    response_model=ChamadoResponse,
    summary="Definir as etiquetas do chamado",
    description=(
        "A lista substitui as etiquetas do chamado (lista vazia: nenhuma). Só etiquetas que a "
        "empresa criou (`POST /etiquetas/`): outra responde 404."
    ),
    responses=error_responses(401, 404, 409),
)
async def etiquetar(
    chamado_id: ChamadoIdPath, data: EtiquetasDoChamado, session: DbSession, usuario: CurrentUser
) -> ChamadoResponse:
    chamado = await service.etiquetar(session, chamado_id, data.etiquetas, usuario)
    return ChamadoResponse.model_validate(chamado)
