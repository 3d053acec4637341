from fastapi import APIRouter, status

from src.auth.dependencies import CurrentUser
from src.clientes import service
from src.clientes.schemas import ClienteCreate, ClienteResponse, ClienteUpdate
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import ClienteIdPath
from src.models import Papel

router = APIRouter(prefix="/clientes", tags=["clientes"])


@router.post(
    "/",
    response_model=ClienteResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Cadastrar cliente",
    openapi_extra=IDEMPOTENCY_KEY,
    responses=error_responses(409),
)
async def create_cliente(
    data: ClienteCreate, session: DbSession, usuario: CurrentUser
) -> ClienteResponse:
    cliente = await service.create_cliente(session, data)
    return ClienteResponse.para(cliente, admin=usuario.papel == Papel.ADMIN)


@router.get("/{cliente_id}", response_model=ClienteResponse, summary="Buscar cliente")
async def get_cliente(
    cliente_id: ClienteIdPath,
    session: DbSession,
    usuario: CurrentUser,
) -> ClienteResponse:
    cliente = await service.get_cliente(session, cliente_id)
    return ClienteResponse.para(cliente, admin=usuario.papel == Papel.ADMIN)


@router.patch(
    "/{cliente_id}",
    response_model=ClienteResponse,
    summary="Alterar cliente",
    description="Campos omitidos ficam como estão; `null` apaga telefone, CPF/CNPJ e endereço.",
    responses=error_responses(400, 401, 404, 409),
)
async def update_cliente(
    cliente_id: ClienteIdPath, data: ClienteUpdate, session: DbSession, usuario: CurrentUser
) -> ClienteResponse:
    cliente = await service.update_cliente(session, cliente_id, data)
    return ClienteResponse.para(cliente, admin=usuario.papel == Papel.ADMIN)


@router.get("/", response_model=list[ClienteResponse], summary="Listar clientes")
async def list_clientes(
    session: DbSession, page: Page, usuario: CurrentUser
) -> list[ClienteResponse]:
    admin = usuario.papel == Papel.ADMIN
    return [
        ClienteResponse.para(c, admin=admin) for c in await service.list_clientes(session, page)
    ]
