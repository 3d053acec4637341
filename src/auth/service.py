"""Accounts: sign-up, password login and token subjects."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from src.auth.exceptions import EmailTakenError, InvalidCredentialsError, UsernameTakenError
from src.auth.schemas import SignupRequest
from src.core.security import hash_password, verify_password
from src.core.types import has_control_characters
from src.models import Papel, Usuario

MAX_LOGIN_FIELD_LENGTH = 128


async def get_by_username(session: AsyncSession, username: str) -> Usuario | None:
    return await session.scalar(select(Usuario).where(Usuario.username == username))


async def _email_in_use(session: AsyncSession, email: str) -> bool:
    found = await session.scalar(select(Usuario.id).where(Usuario.email == email))
    return found is not None


async def _has_any_user(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(func.count()).select_from(Usuario)))


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


def _plausible(value: str) -> bool:
    return 0 < len(value) <= MAX_LOGIN_FIELD_LENGTH and not has_control_characters(value)
