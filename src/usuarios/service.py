"""Account administration: listing, role and activation changes."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.pagination import PageParams
from src.core.security import new_token_version
from src.models import Papel, Usuario
from src.usuarios.exceptions import LastAdminError, UsuarioNotFoundError
from src.usuarios.schemas import UsuarioUpdate


async def list_usuarios(session: AsyncSession, page: PageParams) -> Sequence[Usuario]:
    query = select(Usuario).order_by(Usuario.id).offset(page.skip).limit(page.limit)
    return (await session.scalars(query)).all()


async def update_usuario(session: AsyncSession, usuario_id: int, data: UsuarioUpdate) -> Usuario:
    usuario = await session.get(Usuario, usuario_id)
    if usuario is None:
        raise UsuarioNotFoundError()
    papel = data.papel if data.papel is not None else usuario.papel
    ativo = data.ativo if data.ativo is not None else usuario.ativo
    loses_admin = (
        usuario.papel == Papel.ADMIN and usuario.ativo and not (papel == Papel.ADMIN and ativo)
    )
    if loses_admin and not await _other_active_admin_exists(session, usuario.id):
        raise LastAdminError()
    if usuario.ativo and not ativo:
        usuario.versao_token = new_token_version()  # its tokens die now, and stay dead
    usuario.papel = papel
    usuario.ativo = ativo
    await session.flush()
    return usuario


async def _other_active_admin_exists(session: AsyncSession, excluding_id: int) -> bool:
    # FOR UPDATE on every active admin (PostgreSQL): two admins demoting each other at once
    # are serialised, and the second one sees the first one's change.
    query = (
        select(Usuario.id)
        .where(Usuario.papel == Papel.ADMIN, Usuario.ativo.is_(True))
        .with_for_update()
    )
    admin_ids = (await session.scalars(query)).all()
    return any(admin_id != excluding_id for admin_id in admin_ids)
