from fastapi import APIRouter, status

from src.auth.dependencies import CurrentUser
from src.clientes import service
from src.clientes.schemas import ClienteCreate, ClienteResponse
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.pagination import Page
from src.core.types import ClienteIdPath

router = APIRouter(prefix="/clientes", tags=["clientes"])


@router.post(
    "/",
    response_model=ClienteResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Cadastrar cliente",
    openapi_extra=IDEMPOTENCY_KEY,
)
async def create_cliente(
    data: ClienteCreate, session: DbSession, _: CurrentUser
) -> ClienteResponse:
    cliente = await service.create_cliente(session, data)
    return ClienteResponse.model_validate(cliente)


@router.get("/{cliente_id}", response_model=ClienteResponse, summary="Buscar cliente")
async def get_cliente(
    cliente_id: ClienteIdPath,
    session: DbSession,
    _: CurrentUser,
) -> ClienteResponse:
    return ClienteResponse.model_validate(await service.get_cliente(session, cliente_id))


@router.get("/", response_model=list[ClienteResponse], summary="Listar clientes")
async def list_clientes(session: DbSession, page: Page, _: CurrentUser) -> list[ClienteResponse]:
    clientes = await service.list_clientes(session, page)
    return [ClienteResponse.model_validate(cliente) for cliente in clientes]
