from fastapi import APIRouter, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import EquipeIdPath
from src.equipes import service
from src.equipes.schemas import EquipeCreate, EquipeResponse, EquipeUpdate
from src.triage.dependencies import TriadorDep

router = APIRouter(prefix="/equipes", tags=["equipes"])


@router.post(
    "/",
    response_model=EquipeResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar equipe (admin)",
    description=(
        "`intencoes` são nomes do catálogo da triagem (`GET /triagem/intencoes`); cada intenção "
        "pertence a no máximo uma equipe da empresa. `membros` e `lideres` são ids de contas "
        "da própria empresa; todo líder é membro."
    ),
    responses=error_responses(401, 403, 409),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def create_equipe(
    data: EquipeCreate, session: DbSession, triador: TriadorDep, _: AdminUser
) -> EquipeResponse:
    return await service.create_equipe(session, data, triador.catalog.nomes)


@router.get("/", response_model=list[EquipeResponse], summary="Listar equipes da empresa")
async def list_equipes(session: DbSession, page: Page, _: CurrentUser) -> list[EquipeResponse]:
    return await service.list_equipes(session, page)


@router.get("/{equipe_id}", response_model=EquipeResponse, summary="Buscar equipe")
async def get_equipe(equipe_id: EquipeIdPath, session: DbSession, _: CurrentUser) -> EquipeResponse:
    return await service.get_equipe(session, equipe_id)


@router.patch(
    "/{equipe_id}",
    response_model=EquipeResponse,
    summary="Renomear equipe, trocar membros, líderes ou intenções (admin)",
    description="`membros` substitui a lista inteira (com `lideres`); campos omitidos ficam.",
    responses=error_responses(401, 403, 404, 409),
)
async def update_equipe(
    equipe_id: EquipeIdPath,
    data: EquipeUpdate,
    session: DbSession,
    triador: TriadorDep,
    _: AdminUser,
) -> EquipeResponse:
    return await service.update_equipe(session, equipe_id, data, triador.catalog.nomes)


@router.delete(
    "/{equipe_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Apagar equipe (admin)",
    description="Os chamados em aberto da equipe vão para a fila geral (registrado no histórico).",
    responses=error_responses(401, 403, 404),
)
async def delete_equipe(equipe_id: EquipeIdPath, session: DbSession, admin: AdminUser) -> None:
    await service.delete_equipe(session, equipe_id, admin.id)
