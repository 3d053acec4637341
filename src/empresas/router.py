from fastapi import APIRouter, status

from src.auth.dependencies import AdminUser, CurrentUser, SuperAdmin
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import EmpresaIdPath
from src.empresas import service
from src.empresas.schemas import (
    ConfiguracaoUpdate,
    EmpresaCreate,
    EmpresaResponse,
    EmpresaUpdate,
)

router = APIRouter(prefix="/empresas", tags=["empresas"])


@router.post(
    "/",
    response_model=EmpresaResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar empresa (administrador da plataforma)",
    description=(
        "Com `admin`, cria também o primeiro administrador da empresa, na mesma transação: "
        "ou os dois são criados, ou nenhum."
    ),
    responses=error_responses(401, 403, 409, 503),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def create_empresa(data: EmpresaCreate, session: DbSession, _: SuperAdmin) -> EmpresaResponse:
    return EmpresaResponse.model_validate(await service.create_empresa(session, data))


@router.get(
    "/",
    response_model=list[EmpresaResponse],
    summary="Listar empresas (administrador da plataforma)",
    responses=error_responses(401, 403),
)
async def list_empresas(session: DbSession, page: Page, _: SuperAdmin) -> list[EmpresaResponse]:
    empresas = await service.list_empresas(session, page)
    return [EmpresaResponse.model_validate(empresa) for empresa in empresas]


# Declared before /{empresa_id}, so "atual" is never read as an id.
@router.get(
    "/atual",
    response_model=EmpresaResponse,
    summary="A empresa da conta autenticada",
    responses=error_responses(401),
)
async def empresa_atual(session: DbSession, usuario: CurrentUser) -> EmpresaResponse:
    return EmpresaResponse.model_validate(await service.get_empresa(session, usuario.empresa_id))


@router.patch(
    "/atual",
    response_model=EmpresaResponse,
    summary="Configurar a própria empresa (admin)",
    responses=error_responses(401, 403),
)
async def configure_empresa_atual(
    data: ConfiguracaoUpdate, session: DbSession, admin: AdminUser
) -> EmpresaResponse:
    empresa = await service.configure_empresa(session, admin.empresa_id, data)
    return EmpresaResponse.model_validate(empresa)


@router.get(
    # ":int": only digits route here, so /empresas/atual belongs to its own route alone.
    "/{empresa_id:int}",
    response_model=EmpresaResponse,
    summary="Buscar empresa (administrador da plataforma)",
    responses=error_responses(401, 403, 404),
)
async def get_empresa(
    empresa_id: EmpresaIdPath, session: DbSession, _: SuperAdmin
) -> EmpresaResponse:
    return EmpresaResponse.model_validate(await service.get_empresa(session, empresa_id))


@router.patch(
    "/{empresa_id:int}",
    response_model=EmpresaResponse,
    summary="Renomear, desativar ou reativar empresa (administrador da plataforma)",
    description=(
        "Desativar uma empresa recusa na hora todos os tokens dos seus operadores (401); as "
        "outras empresas seguem funcionando. A empresa padrão não pode ser desativada (409)."
    ),
    responses=error_responses(401, 403, 404, 409),
)
async def update_empresa(
    empresa_id: EmpresaIdPath, data: EmpresaUpdate, session: DbSession, _: SuperAdmin
) -> EmpresaResponse:
    return EmpresaResponse.model_validate(await service.update_empresa(session, empresa_id, data))
