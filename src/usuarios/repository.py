"""All SQL about operator accounts (used by auth and by account administration)."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, select, text, update

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.core.security import new_token_version
from src.core.tenancy import ALL_EMPRESAS
from src.models import Empresa, Papel, Usuario

# Usernames are unique in the whole installation (login asks for the username alone), so these
# look across empresas; they match the unique lower(...) index.
_USERNAME_IN_USE = (
    select(Usuario.id)
    .where(func.lower(Usuario.username) == func.lower(bindparam("username")))
    .execution_options(**ALL_EMPRESAS)
)
# Login: an account of an inactive empresa is as unknown as a missing one.
_FOR_LOGIN = (
    select(Usuario)
    .join(Empresa, Empresa.id == Usuario.empresa_id)
    .where(
        func.lower(Usuario.username) == func.lower(bindparam("username")),
        Empresa.ativa.is_(True),
    )
    .execution_options(**ALL_EMPRESAS)
)
# Within the session's empresa: another empresa's operators are none of this one's business.
_EMAIL_IN_USE = select(Usuario.id).where(
    func.lower(Usuario.email) == func.lower(bindparam("email"))
)
_ANY_ACCOUNT = select(Usuario.id).limit(1).execution_options(**ALL_EMPRESAS)
# Runs on every authenticated request, before the caller's empresa is known: the account a
# token names, only while its empresa is active. Built once, only the id is bound.
_FOR_TOKEN = (
    select(Usuario)
    .join(Empresa, Empresa.id == Usuario.empresa_id)
    .where(Usuario.id == bindparam("id"), Empresa.ativa.is_(True))
    .execution_options(**ALL_EMPRESAS)
)
_BY_ID = select(Usuario).where(Usuario.id == bindparam("id"))
_NEW_TOKEN_VERSION = update(Usuario).values(versao_token=bindparam("versao"))
_MARCAR_ATRIBUICAO = (
    update(Usuario)
    .where(Usuario.id == bindparam("usuario_id"))
    .values(ultima_atribuicao=bindparam("quando"))
    .execution_options(synchronize_session=False)
)
_USERNAMES = select(Usuario.id, Usuario.username).where(
    Usuario.id.in_(bindparam("ids", expanding=True))
)
_PAGE = select(Usuario).order_by(Usuario.id).offset(bindparam("skip")).limit(bindparam("limit"))
_OTHER_SUPERADMIN = (
    select(Usuario.id)
    .where(
        Usuario.superadmin.is_(True),
        Usuario.papel == Papel.ADMIN,
        Usuario.ativo.is_(True),
        Usuario.id != bindparam("id"),
    )
    .limit(1)
)
_ACTIVE_ADMINS_FOR_UPDATE = (
    select(Usuario.id)
    .where(Usuario.papel == Papel.ADMIN, Usuario.ativo.is_(True))
    .with_for_update()
)
# Any constant shared by every process: it names the lock that serialises first sign-ups.
_FIRST_ACCOUNT_LOCK = 4_713_001


class UsuarioRepository(Repository):
    async def get(self, usuario_id: int) -> Usuario | None:
        return await self.session.scalar(_BY_ID, {"id": usuario_id})

    async def get_for_token(self, usuario_id: int) -> Usuario | None:
        """The account a token names, in any empresa, None when that empresa is inactive."""
        return await self.session.scalar(_FOR_TOKEN, {"id": usuario_id})

    async def get_for_login(self, username: str) -> Usuario | None:
        """The account with this username, in any active empresa."""
        return await self.session.scalar(_FOR_LOGIN, {"username": username})

    async def username_in_use(self, username: str) -> bool:
        return await self.session.scalar(_USERNAME_IN_USE, {"username": username}) is not None

    async def email_in_use(self, email: str) -> bool:
        return await self.session.scalar(_EMAIL_IN_USE, {"email": email}) is not None

    async def any_exists(self) -> bool:
        """Whether any account exists in the installation (the first one is special)."""
        return await self.session.scalar(_ANY_ACCOUNT) is not None

    async def lock_first_account_rule(self) -> None:
        """Serialise "is this the first account?" with the insert that follows.

        PostgreSQL: a transaction-scoped advisory lock. SQLite: write transactions already
        start with BEGIN IMMEDIATE (core/database.py), so one writer at a time holds the answer.
        """
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)").execution_options(**ALL_EMPRESAS),
                {"key": _FIRST_ACCOUNT_LOCK},
            )

    async def revoke_all_tokens(self) -> None:
        """One new token version for every account of the session's empresa: every token
        issued before dies (versions only need to differ from the tokens' ones)."""
        await self.session.execute(_NEW_TOKEN_VERSION, {"versao": new_token_version()})

    async def marcar_atribuicao(self, usuario_id: int, quando: datetime) -> None:
        """When the operator last got a ticket: ties in assignment go round-robin."""
        await self.session.execute(_MARCAR_ATRIBUICAO, {"usuario_id": usuario_id, "quando": quando})

    async def usernames(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = await self.session.execute(_USERNAMES, {"ids": ids})
        return {row.id: row.username for row in rows}

    async def list(self, page: PageParams) -> Sequence[Usuario]:
        params = {"skip": page.skip, "limit": page.limit}
        return (await self.session.scalars(_PAGE, params)).all()

    async def other_superadmin(self, excluding_id: int) -> bool:
        """Whether another active platform administrator exists (they live in the default
        empresa, the session's when this is asked)."""
        found = await self.session.scalar(_OTHER_SUPERADMIN, {"id": excluding_id})
        return found is not None

    async def active_admin_ids_for_update(self) -> Sequence[int]:
        """FOR UPDATE on every active admin (PostgreSQL): two admins demoting each other at
        once are serialised, and the second one sees the first one's change."""
        return (await self.session.scalars(_ACTIVE_ADMINS_FOR_UPDATE)).all()
