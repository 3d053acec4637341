"""Account administration: listing, role and activation changes."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from src.auth.exceptions import EmailTakenError, UsernameTakenError
from src.auth.schemas import SignupRequest
from src.auth.service import create_usuario as create_account
from src.chamados.atribuicao import service as atribuicao
from src.core.pagination import PageParams
from src.core.security import new_token_version
from src.models import Papel, Usuario
from src.usuarios.exceptions import (
    EmailInUseError,
    LastAdminError,
    LastSuperadminError,
    SuperadminOnlyError,
    UsernameInUseError,
    UsuarioNotFoundError,
)
from src.usuarios.repository import UsuarioRepository
from src.usuarios.schemas import UsuarioCreate, UsuarioUpdate


async def create_usuario(session: AsyncSession, data: UsuarioCreate) -> Usuario:
    """An operator of the session's empresa (the admin's own)."""
    signup = SignupRequest(username=data.username, email=data.email, password=data.password)
    try:
        return await create_account(session, signup, data.papel)
    except UsernameTakenError:
        raise UsernameInUseError() from None
    except EmailTakenError:
        raise EmailInUseError() from None


async def list_usuarios(session: AsyncSession, page: PageParams) -> Sequence[Usuario]:
    return await UsuarioRepository(session).list(page)


async def update_usuario(
    session: AsyncSession, usuario_id: int, data: UsuarioUpdate, actor: Usuario
) -> Usuario:
    usuarios = UsuarioRepository(session)
    usuario = await usuarios.get(usuario_id)
    if usuario is None:
        raise UsuarioNotFoundError()
    # The platform administrator's account answers to a platform administrator only. Being an
    # active admin of the default empresa, it is also covered by the last-admin rule below.
    if usuario.superadmin and not actor.superadmin:
        raise SuperadminOnlyError()
    papel = data.papel if data.papel is not None else usuario.papel
    ativo = data.ativo if data.ativo is not None else usuario.ativo
    loses_admin = (
        usuario.papel == Papel.ADMIN and usuario.ativo and not (papel == Papel.ADMIN and ativo)
    )
    if loses_admin and not await _other_active_admin_exists(usuarios, usuario.id):
        raise LastAdminError()
    if loses_admin and usuario.superadmin and not await usuarios.other_superadmin(usuario.id):
        raise LastSuperadminError()
    desativado = usuario.ativo and not ativo
    if desativado:
        usuario.versao_token = new_token_version()  # its tokens die now, and stay dead
    usuario.papel = papel
    usuario.ativo = ativo
    mais_capacidade = data.capacidade is not None and data.capacidade > usuario.capacidade
    if data.capacidade is not None:
        usuario.capacidade = data.capacidade
    if desativado:
        # Nobody would answer their tickets any more. Before the account's row is written:
        # tickets are locked before operators everywhere (a reply resolving one of them locks
        # its operator next), so this order never deadlocks with it.
        await atribuicao.sem_atendente(session, usuario.id, actor.id)
    await session.flush()
    if mais_capacidade and not desativado:
        await atribuicao.preencher(session, usuario.id)
    return usuario


async def _other_active_admin_exists(usuarios: UsuarioRepository, excluding_id: int) -> bool:
    admin_ids = await usuarios.active_admin_ids_for_update()
    return any(admin_id != excluding_id for admin_id in admin_ids)
