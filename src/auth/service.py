"""Accounts: sign-up policy, password login, password change."""

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from src.auth.exceptions import (
    EmailTakenError,
    InvalidCredentialsError,
    RoleChoiceForbiddenError,
    SamePasswordError,
    SignupClosedError,
    UsernameTakenError,
    WrongCurrentPasswordError,
)
from src.auth.schemas import PasswordChange, SignupRequest
from src.core.security import hash_password, verify_password
from src.core.types import has_control_characters
from src.models import Papel, Usuario

MAX_LOGIN_FIELD_LENGTH = 128


@dataclass(frozen=True, slots=True)
class SignupPolicy:
    open_signup: bool
    # Development only: production's first admin comes from `atendimento create-admin`.
    first_account_admin: bool


# Runs on every authenticated request: built once, only the username is bound.
_BY_USERNAME = select(Usuario).where(Usuario.username == bindparam("username"))


async def get_by_username(session: AsyncSession, username: str) -> Usuario | None:
    return await session.scalar(_BY_USERNAME, {"username": username})


async def _email_in_use(session: AsyncSession, email: str) -> bool:
    found = await session.scalar(select(Usuario.id).where(Usuario.email == email))
    return found is not None


async def _has_any_user(session: AsyncSession) -> bool:
    return await session.scalar(select(Usuario.id).limit(1)) is not None


async def signup(
    session: AsyncSession, data: SignupRequest, actor: Usuario | None, policy: SignupPolicy
) -> Usuario:
    """Apply the sign-up policy: admins create any account; others only when signup is open."""
    if actor is not None and actor.papel == Papel.ADMIN:
        return await create_usuario(session, data, data.papel or Papel.ATENDENTE)
    if not policy.open_signup:
        raise SignupClosedError()
    if data.papel not in (None, Papel.ATENDENTE):
        raise RoleChoiceForbiddenError()
    papel = None if policy.first_account_admin else Papel.ATENDENTE
    return await create_usuario(session, data, papel)


async def create_usuario(
    session: AsyncSession, data: SignupRequest, papel: Papel | None = None
) -> Usuario:
    """Create an account; without an explicit role the first account ever becomes admin."""
    if await get_by_username(session, data.username) is not None:
        raise UsernameTakenError()
    email = data.email.lower()
    if await _email_in_use(session, email):
        raise EmailTakenError()
    if papel is None:
        papel = Papel.ATENDENTE if await _has_any_user(session) else Papel.ADMIN
    usuario = Usuario(
        username=data.username,
        email=email,
        hashed_password=await run_in_threadpool(hash_password, data.password),
        papel=papel,
    )
    session.add(usuario)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent sign-up won the race for the same name
        raise UsernameTakenError() from exc
    return usuario


async def authenticate(session: AsyncSession, username: str, password: str) -> Usuario:
    """The active account these credentials belong to; one error for every failure."""
    usuario = None
    if _plausible(username) and _plausible(password):
        usuario = await get_by_username(session, username)
    stored_hash = usuario.hashed_password if usuario and usuario.ativo else None
    valid, upgraded_hash = await run_in_threadpool(
        verify_password, password[:MAX_LOGIN_FIELD_LENGTH], stored_hash
    )
    if not valid or usuario is None:
        raise InvalidCredentialsError()
    if upgraded_hash is not None:  # legacy bcrypt (or weaker argon2) -> current argon2 params
        usuario.hashed_password = upgraded_hash
    return usuario


async def change_password(usuario: Usuario, data: PasswordChange) -> None:
    valid, _ = await run_in_threadpool(verify_password, data.senha_atual, usuario.hashed_password)
    if not valid:
        raise WrongCurrentPasswordError()
    if data.nova_senha == data.senha_atual:
        raise SamePasswordError()
    usuario.hashed_password = await run_in_threadpool(hash_password, data.nova_senha)


def _plausible(value: str) -> bool:
    return 0 < len(value) <= MAX_LOGIN_FIELD_LENGTH and not has_control_characters(value)
