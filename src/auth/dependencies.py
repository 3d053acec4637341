"""Who is calling: the bearer token's account, and role checks on top of it."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from src.auth import service
from src.auth.exceptions import InvalidTokenError
from src.core.database import DbSession
from src.core.errors import ForbiddenError, UnauthorizedError
from src.core.security import TokenSettings, decode_access_token
from src.models import Papel, Usuario

# auto_error=False: a missing token gets our own 401 body instead of FastAPI's.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login", auto_error=False)


def token_settings(request: Request) -> TokenSettings:
    return request.app.state.token_settings


async def get_current_user(
    session: DbSession,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    settings: Annotated[TokenSettings, Depends(token_settings)],
) -> Usuario:
    if not token:
        raise UnauthorizedError()
    username = decode_access_token(token, settings)
    if username is None:
        raise InvalidTokenError()
    usuario = await service.get_by_username(session, username)
    # A deactivated or deleted account loses access at once, whatever its token says.
    if usuario is None or not usuario.ativo:
        raise InvalidTokenError()
    return usuario


CurrentUser = Annotated[Usuario, Depends(get_current_user)]


async def require_admin(usuario: CurrentUser) -> Usuario:
    if usuario.papel != Papel.ADMIN:
        raise ForbiddenError("Apenas administradores podem fazer isso")
    return usuario


AdminUser = Annotated[Usuario, Depends(require_admin)]
