"""Accounts: sign-up policy, password login, password change."""

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

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
from src.core.security import hash_password_async, new_token_version, verify_password_async
from src.core.tenancy import bind_empresa
from src.core.types import has_control_characters
from src.empresas.repository import EmpresaRepository
from src.models import Papel, Usuario
from src.usuarios.repository import UsuarioRepository

MAX_LOGIN_FIELD_LENGTH = 128


@dataclass(frozen=True, slots=True)
class SignupPolicy:
    open_signup: bool
    # Development only: production's first admin comes from `atendimento create-admin`.
    first_account_admin: bool


async def account_for_token(session: AsyncSession, usuario_id: int) -> Usuario | None:
    """The account a token names; the session then acts for that account's empresa."""
    usuario = await UsuarioRepository(session).get_for_token(usuario_id)
    if usuario is not None:
        bind_empresa(session, usuario.empresa_id)
    return usuario


async def signup(
    session: AsyncSession, data: SignupRequest, actor: Usuario | None, policy: SignupPolicy
) -> Usuario:
    """Apply the sign-up policy: admins create accounts in their own empresa; anyone else
    only when signup is open, and then in the default empresa."""
    if actor is not None and actor.papel == Papel.ADMIN:
        return await create_usuario(session, data, data.papel or Papel.ATENDENTE)
    if not policy.open_signup:
        raise SignupClosedError()
    if data.papel not in (None, Papel.ATENDENTE):
        raise RoleChoiceForbiddenError()
    bind_empresa(session, (await EmpresaRepository(session).padrao()).id)
    papel = None if policy.first_account_admin else Papel.ATENDENTE
    return await create_usuario(session, data, papel)


async def create_usuario(
    session: AsyncSession, data: SignupRequest, papel: Papel | None = None
) -> Usuario:
    """Create an account in the session's empresa.

    Without an explicit role the first account of the installation becomes its admin and the
    platform's administrator (development only: see SignupPolicy).
    """
    usuarios = UsuarioRepository(session)
    if await usuarios.username_in_use(data.username):
        raise UsernameTakenError()
    email = data.email.lower()
    if await usuarios.email_in_use(email):
        raise EmailTakenError()
    hashed_password = await hash_password_async(data.password)
    superadmin = False
    if papel is None:
        await usuarios.lock_first_account_rule()
        superadmin = not await usuarios.any_exists()
        papel = Papel.ADMIN if superadmin else Papel.ATENDENTE
    usuario = Usuario(
        username=data.username,
        email=email,
        hashed_password=hashed_password,
        papel=papel,
        superadmin=superadmin,
    )
    try:
        return await usuarios.add(usuario)
    except IntegrityError as exc:  # a concurrent sign-up won the race for the name or e-mail
        raise UsernameTakenError() from exc


async def authenticate(session: AsyncSession, username: str, password: str) -> Usuario:
    """The active account these credentials belong to; one error for every failure."""
    usuario = None
    if _plausible(username) and _plausible(password):
        usuario = await UsuarioRepository(session).get_for_login(username)
    stored_hash = usuario.hashed_password if usuario and usuario.ativo else None
    valid, upgraded_hash = await verify_password_async(
        password[:MAX_LOGIN_FIELD_LENGTH], stored_hash
    )
    if not valid or usuario is None:
        raise InvalidCredentialsError()
    bind_empresa(session, usuario.empresa_id)
    if upgraded_hash is not None:  # legacy bcrypt (or weaker argon2) -> current argon2 params
        usuario.hashed_password = upgraded_hash
    return usuario


async def change_password(usuario: Usuario, data: PasswordChange) -> None:
    valid, _ = await verify_password_async(data.senha_atual, usuario.hashed_password)
    if not valid:
        raise WrongCurrentPasswordError()
    if data.nova_senha == data.senha_atual:
        raise SamePasswordError()
    usuario.hashed_password = await hash_password_async(data.nova_senha)
    # Every token issued before the change dies (a stolen one included).
    usuario.versao_token = new_token_version()


def _plausible(value: str) -> bool:
    return 0 < len(value) <= MAX_LOGIN_FIELD_LENGTH and not has_control_characters(value)
