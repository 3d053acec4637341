from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from src.auth import service
from src.auth.dependencies import CurrentUser, token_settings
from src.auth.schemas import SignupRequest, Token, UsuarioResponse
from src.core.database import DbSession
from src.core.security import TokenSettings, create_access_token

router = APIRouter(prefix="/auth", tags=["auth"])

TokenConfig = Annotated[TokenSettings, Depends(token_settings)]


@router.post("/signup", response_model=Token, summary="Criar conta de operador")
async def signup(data: SignupRequest, session: DbSession, settings: TokenConfig) -> Token:
    usuario = await service.create_usuario(session, data)
    return Token(access_token=create_access_token(usuario.username, settings))


@router.post("/login", response_model=Token, summary="Entrar (fluxo password do OAuth2)")
async def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    session: DbSession,
    settings: TokenConfig,
) -> Token:
    usuario = await service.authenticate(session, form.username, form.password)
    return Token(access_token=create_access_token(usuario.username, settings))


@router.get("/me", response_model=UsuarioResponse, summary="Conta autenticada")
async def me(usuario: CurrentUser) -> UsuarioResponse:
    return UsuarioResponse.model_validate(usuario)
