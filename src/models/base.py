"""Declarative base shared by every table."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Integer, MetaData, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic migrations can drop and rename them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Ids of the tables that grow with the customers (and will be distributed: docs/escala.md):
# BIGINT on PostgreSQL, so a sequence never runs out and Citus can hand each node its own range;
# on SQLite INTEGER, the only type that auto-increments as the primary key (64-bit there anyway).
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps, also on SQLite (which stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        value = value.astimezone(UTC)
        # SQLite compares the stored text, so every value is written in one naive UTC form.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


def one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    """A CHECK that the column holds one of the enum's values (named after the column)."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


# Search structures only the migrations know (0012): the FTS5 table of SQLite (and the shadow
# tables FTS5 keeps) and the GIN expression index of PostgreSQL. Model comparisons skip them.
_SEARCH_TABLE_PREFIX = "mensagens_fts"
_SEARCH_INDEX = "ix_mensagens_busca"


def described_by_models(obj: object, name: str | None, type_: str, *_: object) -> bool:
    """Alembic `include_object`: False for what the migrations own outside the models."""
    if type_ == "table" and name and name.startswith(_SEARCH_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name == _SEARCH_INDEX)
