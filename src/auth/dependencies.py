"""Who is calling: the bearer token's account, role checks, and the login guard."""

import asyncio
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from src.auth import service
from src.auth.exceptions import InvalidTokenError
from src.core.config import Settings
from src.core.database import DbSession
from src.core.errors import ForbiddenError, UnauthorizedError
from src.core.rate_limit import RateLimiter, client_ip
from src.core.security import TokenSettings, request_token_claims
from src.models import Papel, Usuario

# auto_error=False: a missing token gets our own 401 body instead of FastAPI's.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login", auto_error=False)

BearerToken = Annotated[str | None, Depends(oauth2_scheme)]


# Plain values from app state; async so FastAPI does not spend a thread-pool hop on them.
async def token_settings(request: Request) -> TokenSettings:
    return request.app.state.token_settings


async def app_settings(request: Request) -> Settings:
    return request.app.state.settings


TokenConfig = Annotated[TokenSettings, Depends(token_settings)]
AppSettings = Annotated[Settings, Depends(app_settings)]


async def _user_from_token(
    request: Request, session: AsyncSession, token: str, settings: TokenSettings
) -> Usuario:
    # The rate limiter may have verified this token already: reuse its result.
    claims = request_token_claims(request.scope.setdefault("state", {}), token, settings)
    if claims is None:
        raise InvalidTokenError()
    usuario = await service.account_for_token(session, claims.user_id)
    # Deleted, or its empresa deactivated, the lookup finds nothing; otherwise the account
    # decides whether the token still speaks for it.
    if usuario is None or not usuario.accepts(claims):
        raise InvalidTokenError()
    return usuario


async def get_current_user(
    request: Request, session: DbSession, token: BearerToken, settings: TokenConfig
) -> Usuario:
    if not token:
        raise UnauthorizedError()
    return await _user_from_token(request, session, token, settings)


async def get_optional_user(
    request: Request, session: DbSession, token: BearerToken, settings: TokenConfig
) -> Usuario | None:
    """The caller's account, None when anonymous; a token that is sent must be valid."""
    if not token:
        return None
    return await _user_from_token(request, session, token, settings)


CurrentUser = Annotated[Usuario, Depends(get_current_user)]
OptionalUser = Annotated[Usuario | None, Depends(get_optional_user)]


async def require_admin(usuario: CurrentUser) -> Usuario:
    if usuario.papel != Papel.ADMIN:
        raise ForbiddenError("Apenas administradores podem fazer isso")
    return usuario


AdminUser = Annotated[Usuario, Depends(require_admin)]


async def require_superadmin(usuario: CurrentUser) -> Usuario:
    # An admin of the default empresa with the flag: demoted to atendente, it manages nothing.
    if not (usuario.superadmin and usuario.papel == Papel.ADMIN):
        raise ForbiddenError("Apenas o administrador da plataforma pode gerenciar empresas")
    return usuario


SuperAdmin = Annotated[Usuario, Depends(require_superadmin)]


@dataclass(frozen=True, slots=True)
class LoginGuard:
    """Failed-password budgets per (address, username) and per address, and the slowdown of a
    username failing from everywhere (no-op when limits are off).

    A success does not wipe earlier failures: "5 failures in 5 minutes" holds as stated, and
    an attacker who also owns one account cannot reset the counter of another.
    """

    limiter: RateLimiter | None
    ip: str

    async def check(self, username: str) -> None:
        if self.limiter is not None:
            delay = await self.limiter.check_login(self.ip, username)
            if delay:
                await asyncio.sleep(delay)

    async def failed(self, username: str) -> None:
        if self.limiter is not None:
            await self.limiter.record_login_failure(self.ip, username)


async def login_guard(request: Request) -> LoginGuard:
    return LoginGuard(getattr(request.app.state, "rate_limiter", None), client_ip(request.scope))


LoginGuardDep = Annotated[LoginGuard, Depends(login_guard)]
