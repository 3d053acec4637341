"""The empresa boundary, enforced in one place: the database session.

Every model that mixes in `TenantScoped` belongs to one empresa. Once the caller is known the
session is bound to its empresa (`bind_empresa`); from then on every SELECT, UPDATE and DELETE
the session runs sees only that empresa's rows, and every INSERT is stamped with it (or refused
when it names another one). Repositories and handlers never write the condition themselves.

A session bound to no empresa refuses to touch tenant tables (fail closed), except:
- statements marked `.execution_options(**ALL_EMPRESAS)`: the few reads that must cross
  empresas by design (login by username, the account a token names, "is there any account?");
- sessions bound with `bind_all_empresas` (maintenance such as the counters' rebuild, tests).

What cannot be scoped is refused, never run as it is: SQL text (unless marked ALL_EMPRESAS),
ORM statements that also reach a tenant table through raw Table columns, Core SELECTs with
joins or subqueries, Core UPDATE/DELETE. A plain Core SELECT from tables gets the condition.
"""

import weakref
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnClause, ForeignKey, Select, TextClause, bindparam, event
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    UOWTransaction,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)
from sqlalchemy.sql import visitors
from sqlalchemy.sql.selectable import SelectBase, Subquery, TableClause
from sqlalchemy.sql.util import find_tables

_EMPRESA_KEY = "empresa_id"
_ALL = "all"
_PARAM = "tenancy_empresa_id"
ALL_EMPRESAS: Mapping[str, bool] = {"all_empresas": True}


class TenantScoped:
    """Mixin of every table whose rows belong to one empresa."""

    @declared_attr
    def empresa_id(cls) -> Mapped[int]:  # noqa: N805  (declared_attr receives the class)
        return mapped_column(ForeignKey("empresas.id", ondelete="CASCADE"))


class TenantBoundaryError(RuntimeError):
    """A programming error: a statement would cross the empresa boundary. Never a client's."""


class TenantSession(Session):
    """The session class of the app (see create_sessionmaker): the boundary hooks below."""


def bind_empresa(session: Any, empresa_id: int) -> None:
    """Scope the session (sync or async) to one empresa, for the rest of its life."""
    session.info[_EMPRESA_KEY] = empresa_id  # an AsyncSession shares its sync session's info


def bind_all_empresas(session: Any) -> None:
    """Let the session see every empresa: maintenance (the counters' rebuild) and tests."""
    session.info[_EMPRESA_KEY] = _ALL


def bound_empresa(session: Any) -> int | None:
    """The empresa the session is scoped to; None when unbound or bound to all."""
    value = session.info.get(_EMPRESA_KEY)
    return value if isinstance(value, int) else None


# The criteria is a bound parameter, not a closure over the id: the scoped statement compiles
# once and is cached by SQLAlchemy like any other; only the value changes per request.
_CRITERIA = with_loader_criteria(
    TenantScoped,
    # A literal name: SQLAlchemy's lambda analysis would wrap a global (_PARAM) in a tracker.
    lambda cls: cls.empresa_id == bindparam("tenancy_empresa_id"),
    include_aliases=True,
    track_closure_variables=False,
)
# Statement -> its scoped copy, or _NOT_TENANT. The repositories' statements are built once, so
# scoping and checking is paid once per statement, not per request. The value never refers to
# its key (that would keep every statement ever run alive).
_SCOPED: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()
_INSERTS_TENANT: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()
_NOT_TENANT = object()
_tenant_names: frozenset[str] | None = None


def _tenant_table_names() -> frozenset[str]:
    """Matched by name, so a reflected Table or a lightweight table("chamados") counts too."""
    global _tenant_names
    if _tenant_names is None:
        found, pending = set(), list(TenantScoped.__subclasses__())
        while pending:
            model = pending.pop()
            pending.extend(model.__subclasses__())
            if hasattr(model, "__tablename__"):
                found.add(model.__tablename__)
        _tenant_names = frozenset(found)
    return _tenant_names


def _is_tenant_table(element: Any) -> bool:
    return isinstance(element, TableClause) and element.name in _tenant_table_names()


def _touches_tenant_tables(statement: Any) -> bool:
    return any(_is_tenant_table(table) for table in find_tables(statement, include_crud=True))


@event.listens_for(TenantSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    scope = state.session.info.get(_EMPRESA_KEY)
    if scope == _ALL or state.execution_options.get("all_empresas"):
        return
    statement = state.statement
    if isinstance(statement, TextClause):
        raise TenantBoundaryError("SQL em texto não é limitado à empresa: marque com ALL_EMPRESAS")
    if state.is_insert:
        _stamp_insert(state, scope)
        return
    scoped = _SCOPED.get(statement)
    if scoped is None:
        scoped = _SCOPED[statement] = _scoped_copy(state, statement)
    if scoped is _NOT_TENANT:
        return
    if scope is None:
        raise TenantBoundaryError("consulta a tabela de empresa sem empresa definida")
    if not isinstance(state.parameters, dict | None):
        raise TenantBoundaryError("executemany em tabela de empresa só para INSERT")
    state.statement = scoped
    state.parameters = {**(state.parameters or {}), _PARAM: scope}


def _stamp_insert(state: ORMExecuteState, scope: object) -> None:
    statement = state.statement
    found = _INSERTS_TENANT.get(statement)
    if found is None:
        found = _INSERTS_TENANT[statement] = _touches_tenant_tables(statement)
    if not found:
        return
    # INSERT ... SELECT copies whatever its SELECT sees, and values written into the statement
    # itself are not checked here: only parameters can carry the empresa.
    if scope is None or statement.select is not None or _names_empresa_in_statement(statement):
        raise TenantBoundaryError("INSERT em tabela de empresa fora da empresa da sessão")
    parameters = state.parameters
    if isinstance(parameters, list | tuple):
        state.parameters = [_stamp_row(row, scope) for row in parameters]
    else:
        state.parameters = _stamp_row(parameters or {}, scope)


def _names_empresa_in_statement(statement: Any) -> bool:
    rows = [statement._values or {}, *(statement._multi_values or ())]
    keys = {getattr(key, "key", key) for row in rows for key in _keys(row)}
    return _EMPRESA_KEY in keys


def _keys(row: Any) -> list[Any]:
    if isinstance(row, dict):
        return list(row)
    return [key for item in row for key in (item if isinstance(item, dict) else {})]


def _scoped_copy(state: ORMExecuteState, statement: Any) -> Any:
    """The statement with the empresa criteria, checked once by compiling it.

    ORM statements get `with_loader_criteria`, which SQLAlchemy applies where a tenant table
    appears as an ORM entity; one that also reaches a tenant table through raw Table columns
    would be partly unscoped, so it is left as it is and refused. A plain Core SELECT from
    tables gets the condition per table. Compiling and finding the parameter is the final proof.
    """
    if not _touches_tenant_tables(statement):
        return _NOT_TENANT
    if state.is_orm_statement:
        scoped = statement if _raw_tenant_reference(statement) else statement.options(_CRITERIA)
    elif state.is_select:
        scoped = _scoped_core_select(statement)
    else:
        scoped = statement
    compiled = scoped.compile(dialect=state.session.get_bind().dialect)
    if scoped is statement or _PARAM not in compiled.binds:
        raise TenantBoundaryError(
            "consulta a tabela de empresa que não pode ser limitada à empresa: use atributos do "
            "modelo ORM (Chamado.id) ou um SELECT do Core só sobre a tabela"
        )
    return scoped


def _raw_tenant_reference(statement: Any) -> bool:
    """A tenant table reached through raw Table columns or FROMs (`Chamado.__table__.c.x`)
    while no ORM entity of that table is selected: the criteria would not cover it.

    Raw columns of a table whose entity is selected are its own rows (`session.get` builds
    such a WHERE), which the criteria on that entity covers.
    """
    covered = _selected_entity_tables(statement)

    def uncovered(table: Any) -> bool:
        return _is_tenant_table(table) and table.name not in covered

    for element in visitors.iterate(statement):
        raw_column = isinstance(element, ColumnClause) and not element._annotations
        if raw_column and uncovered(element.table):
            return True
        if isinstance(element, Select) and any(
            uncovered(table) and not table._annotations
            for from_ in element._from_obj
            for table in find_tables(from_)
        ):
            return True
    return False


def _selected_entity_tables(statement: Any) -> set[str]:
    if isinstance(statement, Select):
        descriptions = statement.column_descriptions
    else:
        descriptions = [getattr(statement, "entity_description", None) or {}]
    tables = (getattr(d.get("entity"), "__table__", None) for d in descriptions)
    return {table.name for table in tables if table is not None}


def _scoped_core_select(statement: Any) -> Any:
    """A SELECT straight from tables gets `empresa_id = :empresa` for each tenant table. With
    joins, aliases or subqueries a WHERE on the outer FROM would not reach every reference:
    left as it is, and so refused by the caller."""
    froms = statement.get_final_froms()
    nested = any(
        isinstance(element, SelectBase | Subquery) and element is not statement
        for element in visitors.iterate(statement)
    )
    if nested or not all(isinstance(table, TableClause) for table in froms):
        return statement
    tenant_froms = [table for table in froms if _is_tenant_table(table)]
    if any("empresa_id" not in table.c for table in tenant_froms):
        return statement
    return statement.where(*(table.c.empresa_id == bindparam(_PARAM) for table in tenant_froms))


def _stamp_row(row: Mapping[str, Any], empresa_id: int) -> dict[str, Any]:
    given = row.get(_EMPRESA_KEY, empresa_id)
    if given != empresa_id:
        raise TenantBoundaryError("INSERT com empresa diferente da empresa da sessão")
    return {**row, _EMPRESA_KEY: empresa_id}


@event.listens_for(TenantSession, "before_flush")
def _stamp_new_objects(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    scope = session.info.get(_EMPRESA_KEY)
    if scope == _ALL:
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(instance, TenantScoped):
            continue
        if scope is None:
            raise TenantBoundaryError("gravação em tabela de empresa sem empresa definida")
        if instance.empresa_id is None and instance in session.new:
            instance.empresa_id = scope
        elif instance.empresa_id != scope:
            raise TenantBoundaryError("objeto de outra empresa nesta sessão")
