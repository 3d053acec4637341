from fastapi import APIRouter, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.auth.schemas import UsuarioResponse
from src.chamados.atribuicao import service as atribuicao
from src.chamados.atribuicao.schemas import DisponibilidadeResponse, DisponibilidadeUpdate
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import UsuarioIdPath
from src.usuarios import service
from src.usuarios.schemas import UsuarioCreate, UsuarioUpdate

router = APIRouter(prefix="/usuarios", tags=["usuarios"])


@router.put(
    "/me/disponibilidade",
    response_model=DisponibilidadeResponse,
    summary="Ficar online ou ausente (o próprio atendente)",
    description=(
        "`online`: a atribuição automática passa a lhe dar chamados, até a sua `capacidade` de "
        "chamados em aberto, começando pelos que esperam na fila das suas equipes. `ausente`: "
        "não recebe novos; os que já tem continuam com você."
    ),
    responses=error_responses(401),
)
async def set_disponibilidade(
    data: DisponibilidadeUpdate, session: DbSession, usuario: CurrentUser
) -> DisponibilidadeResponse:
    return await atribuicao.definir_disponibilidade(session, usuario, data.status)


@router.get(
    "/me/disponibilidade",
    response_model=DisponibilidadeResponse,
    summary="Minha disponibilidade e quantos chamados em aberto tenho",
    responses=error_responses(401),
)
async def get_disponibilidade(session: DbSession, usuario: CurrentUser) -> DisponibilidadeResponse:
    return await atribuicao.disponibilidade(session, usuario)


@router.post(
    "/",
    response_model=UsuarioResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar conta de operador na própria empresa (admin)",
    description="Sem `papel`, a conta nova é `atendente`.",
    responses=error_responses(401, 403, 409, 503),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def create_usuario(data: UsuarioCreate, session: DbSession, _: AdminUser) -> UsuarioResponse:
    return UsuarioResponse.model_validate(await service.create_usuario(session, data))


@router.get(
    "/",
    response_model=list[UsuarioResponse],
    summary="Listar contas de operadores da própria empresa (admin)",
    responses=error_responses(401, 403),
)
async def list_usuarios(session: DbSession, page: Page, _: AdminUser) -> list[UsuarioResponse]:
    usuarios = await service.list_usuarios(session, page)
    return [UsuarioResponse.model_validate(usuario) for usuario in usuarios]


@router.patch(
    "/{usuario_id}",
    response_model=UsuarioResponse,
    summary="Mudar papel ou ativação de uma conta (admin)",
    description=(
        "Desativar uma conta invalida seus tokens na hora. O último administrador ativo não "
        "pode ser rebaixado nem desativado (409)."
    ),
    responses=error_responses(401, 403, 404, 409),
)
async def update_usuario(
    usuario_id: UsuarioIdPath, data: UsuarioUpdate, session: DbSession, admin: AdminUser
) -> UsuarioResponse:
    usuario = await service.update_usuario(session, usuario_id, data, admin)
    return UsuarioResponse.model_validate(usuario)
