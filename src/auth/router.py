from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.security import OAuth2PasswordRequestForm

from src.auth import service
from src.auth.dependencies import (
    AppSettings,
    CurrentUser,
    LoginGuardDep,
    OptionalUser,
    TokenConfig,
)
from src.auth.exceptions import InvalidCredentialsError, WrongCurrentPasswordError
from src.auth.schemas import PasswordChange, SignupRequest, Token, UsuarioResponse
from src.core.database import DbSession, UnlockedDbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.security import TokenSettings, create_access_token
from src.models import Usuario

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/signup",
    response_model=Token,
    summary="Criar conta de operador",
    description=(
        "Com o cadastro aberto (AUTH_OPEN_SIGNUP) qualquer pessoa cria uma conta `atendente`. "
        "Com ele fechado, só um administrador (token de admin) cria contas e pode escolher "
        "o `papel`."
    ),
    responses=error_responses(400, 401, 403, 503),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def signup(
    data: SignupRequest,
    session: DbSession,
    actor: OptionalUser,
    settings: AppSettings,
    tokens: TokenConfig,
) -> Token:
    policy = service.SignupPolicy(
        open_signup=settings.open_signup, first_account_admin=not settings.is_production
    )
    usuario = await service.signup(session, data, actor, policy)
    return _token_for(usuario, tokens)


@router.post(
    "/login",
    response_model=Token,
    summary="Entrar (fluxo password do OAuth2)",
    responses=error_responses(401, 429, 503),
)
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: UnlockedDbSession,
    tokens: TokenConfig,
    guard: LoginGuardDep,
) -> Token:
    await guard.check(form.username)
    try:
        usuario = await service.authenticate(session, form.username, form.password)
    except InvalidCredentialsError:
        await guard.failed(form.username)
        raise
    return _token_for(usuario, tokens)


def _token_for(usuario: Usuario, tokens: TokenSettings) -> Token:
    token = create_access_token(
        usuario.username,
        tokens,
        user_id=usuario.id,
        version=usuario.versao_token,
        empresa_id=usuario.empresa_id,
    )
    return Token(access_token=token)


@router.get(
    "/me",
    response_model=UsuarioResponse,
    summary="Conta autenticada",
    responses=error_responses(401),
)
async def me(usuario: CurrentUser) -> UsuarioResponse:
    return UsuarioResponse.model_validate(usuario)


@router.post(
    "/me/senha",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Trocar a própria senha",
    description="Exige a senha atual. Erros de senha atual contam no limite de tentativas.",
    responses=error_responses(400, 401, 429, 503),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def change_password(data: PasswordChange, usuario: CurrentUser, guard: LoginGuardDep) -> None:
    # A stolen token must not become a way to guess the password: same budget as /login.
    await guard.check(usuario.username)
    try:
        await service.change_password(usuario, data)
    except WrongCurrentPasswordError:
        await guard.failed(usuario.username)
        raise
