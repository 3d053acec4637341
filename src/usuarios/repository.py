"""All SQL about operator accounts (used by auth and by account administration)."""

from collections.abc import Sequence

from sqlalchemy import bindparam, func, select, text

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Papel, Usuario

# Usernames and e-mails are case-insensitive: these match the unique indexes on lower(...).
_BY_USERNAME = select(Usuario).where(
    func.lower(Usuario.username) == func.lower(bindparam("username"))
)
_EMAIL_IN_USE = select(Usuario.id).where(
    func.lower(Usuario.email) == func.lower(bindparam("email"))
)
# Runs on every authenticated request: built once, only the id is bound.
_BY_ID = select(Usuario).where(Usuario.id == bindparam("id"))
# Any constant shared by every process: it names the lock that serialises first sign-ups.
_FIRST_ACCOUNT_LOCK = 4_713_001


class UsuarioRepository(Repository):
    async def get(self, usuario_id: int) -> Usuario | None:
        return await self.session.scalar(_BY_ID, {"id": usuario_id})

    async def get_by_username(self, username: str) -> Usuario | None:
        return await self.session.scalar(_BY_USERNAME, {"username": username})

    async def email_in_use(self, email: str) -> bool:
        return await self.session.scalar(_EMAIL_IN_USE, {"email": email}) is not None

    async def any_exists(self) -> bool:
        return await self.session.scalar(select(Usuario.id).limit(1)) is not None

    async def lock_first_account_rule(self) -> None:
        """Serialise "is this the first account?" with the insert that follows.

        PostgreSQL: a transaction-scoped advisory lock. SQLite: write transactions already
        start with BEGIN IMMEDIATE (core/database.py), so one writer at a time holds the answer.
        """
        if self.session.bind.dialect.name == "postgresql":
            await self.session.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _FIRST_ACCOUNT_LOCK}
            )

    async def list(self, page: PageParams) -> Sequence[Usuario]:
        query = select(Usuario).order_by(Usuario.id).offset(page.skip).limit(page.limit)
        return (await self.session.scalars(query)).all()

    async def active_admin_ids_for_update(self) -> Sequence[int]:
        """FOR UPDATE on every active admin (PostgreSQL): two admins demoting each other at
        once are serialised, and the second one sees the first one's change."""
        query = (
            select(Usuario.id)
            .where(Usuario.papel == Papel.ADMIN, Usuario.ativo.is_(True))
            .with_for_update()
        )
        return (await self.session.scalars(query)).all()
