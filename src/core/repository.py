"""What every repository shares: one session, and INSERT values as the ORM would send them."""

from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

T = TypeVar("T", bound=DeclarativeBase)


class Repository:
    """All SQL of one domain lives in its repository; services hold the rules.

    The empresa condition is not written here: the session adds it (core/tenancy.py).
    """

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, instance: T) -> T:
        """Insert through the ORM and flush, so ids and defaults are known at once."""
        self.session.add(instance)
        await self.session.flush()
        return instance


def insert_values(instance: DeclarativeBase) -> dict[str, Any]:
    """The columns set on an unsaved instance, for a Core INSERT.

    Only what was assigned goes in: a column left unset is omitted, so Core applies its
    `default=` and the database its `server_default`, exactly as the ORM would. (Sending every
    column from getattr() would insert an explicit NULL for each one not set.)
    """
    table: Table = instance.__table__  # type: ignore[attr-defined]
    state = vars(instance)
    return {column.key: state[column.key] for column in table.columns if column.key in state}
