"""The empresa boundary, enforced in one place: the database session.

Every model that mixes in `TenantScoped` belongs to one empresa. Once the caller is known the
session is bound to its empresa (`bind_empresa`); from then on every SELECT, UPDATE and DELETE
the session runs sees only that empresa's rows, and every INSERT is stamped with it (or refused
when it names another one). Repositories and handlers never write the condition themselves.

A session bound to no empresa refuses to touch tenant tables (fail closed), except:
- statements marked `.execution_options(**ALL_EMPRESAS)`: the few reads that must cross
  empresas by design (login by username, the account a token names);
- sessions bound with `bind_all_empresas` (CLI maintenance, platform administration, tests).

Core SELECT/UPDATE/DELETE on a tenant table (`select(Chamado.__table__)`) cannot be scoped
(SQLAlchemy only adds criteria to ORM entities) and are refused: select ORM attributes instead.
"""

import weakref
from collections.abc import Mapping
from typing import Any

from sqlalchemy import ForeignKey, Table, bindparam, event
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
from sqlalchemy.sql.selectable import SelectBase, Subquery
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
    _info(session)[_EMPRESA_KEY] = empresa_id


def bind_all_empresas(session: Any) -> None:
    """Let the session see every empresa: platform administration and maintenance only."""
    _info(session)[_EMPRESA_KEY] = _ALL


def bound_empresa(session: Any) -> int | None:
    """The empresa the session is scoped to; None when unbound or bound to all."""
    value = _info(session).get(_EMPRESA_KEY)
    return value if isinstance(value, int) else None


def _info(session: Any) -> dict[str, Any]:
    return session.info  # AsyncSession.info is its sync session's info


# The criteria is a bound parameter, not a closure over the id: the scoped statement compiles
# once and is cached by SQLAlchemy like any other; only the value changes per request.
_CRITERIA = with_loader_criteria(
    TenantScoped,
    # A literal name: SQLAlchemy's lambda analysis would wrap a global in a tracker object.
    lambda cls: cls.empresa_id == bindparam("tenancy_empresa_id"),
    include_aliases=True,
    track_closure_variables=False,
)
# Statement -> its scoped copy. The repositories' statements are built once, so adding the
# criteria is paid once per statement, not per request (measured: ~40 µs per execution).
_SCOPED: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()
_tenant_tables: frozenset[Table] | None = None


def _tables_of_tenants() -> frozenset[Table]:
    global _tenant_tables
    if _tenant_tables is None:
        found, pending = set(), list(TenantScoped.__subclasses__())
        while pending:
            model = pending.pop()
            pending.extend(model.__subclasses__())
            if isinstance(getattr(model, "__table__", None), Table):
                found.add(model.__table__)
        _tenant_tables = frozenset(found)
    return _tenant_tables


# INSERT statement -> whether it writes a tenant table (found once per statement, as above).
_INSERTS_TENANT: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()


def _touches_tenant_tables(statement: Any) -> bool:
    tables = _tables_of_tenants()
    return any(table in tables for table in find_tables(statement, include_crud=True))


def _inserts_tenant_rows(statement: Any) -> bool:
    found = _INSERTS_TENANT.get(statement)
    if found is None:
        found = _INSERTS_TENANT[statement] = _touches_tenant_tables(statement)
    return found


@event.listens_for(TenantSession, "do_orm_execute")
def _scope_statement(state: ORMExecuteState) -> None:
    scope = state.session.info.get(_EMPRESA_KEY)
    if scope == _ALL or state.execution_options.get("all_empresas"):
        return
    statement = state.statement
    if state.is_insert:
        if not _inserts_tenant_rows(statement):
            return
        # INSERT ... SELECT copies whatever its SELECT sees, which is not scoped here.
        if scope is None or getattr(statement, "select", None) is not None:
            raise TenantBoundaryError("INSERT em tabela de empresa sem empresa definida")
        state.parameters = _stamped(state.parameters, scope)
        return
    scoped = _SCOPED.get(statement)
    if scoped is None:
        scoped = _scoped_copy(state, statement)
        _SCOPED[statement] = scoped
    if scoped is statement:  # touches no tenant table
        return
    if scope is None:
        raise TenantBoundaryError("consulta a tabela de empresa sem empresa definida")
    state.statement = scoped
    state.parameters = {**(state.parameters or {}), _PARAM: scope}


def _scoped_copy(state: ORMExecuteState, statement: Any) -> Any:
    """The statement with the empresa criteria, checked once by compiling it.

    ORM statements get `with_loader_criteria`, which SQLAlchemy applies only where a tenant
    table appears as an ORM entity: a select of raw Table columns with an ORM ORDER BY would
    silently stay unscoped, so compiling and looking for the parameter proves the criteria is
    there. A plain Core SELECT (the fast path of row lists) gets the condition added per table,
    but only when tenant tables appear nowhere but in its FROM. Anything else is refused. Paid
    once per statement: repositories build theirs once.
    """
    if not _touches_tenant_tables(statement):
        return statement
    if state.is_orm_statement:
        scoped = statement.options(_CRITERIA)
    elif state.is_select:
        scoped = _scoped_core_select(statement)
    else:
        scoped = statement
    compiled = scoped.compile(dialect=state.session.get_bind().dialect)
    if _PARAM not in compiled.binds:
        raise TenantBoundaryError(
            "consulta a tabela de empresa que não pode ser limitada à empresa: use atributos do "
            "modelo ORM (Chamado.id) ou um SELECT do Core só sobre a tabela"
        )
    return scoped


def _scoped_core_select(statement: Any) -> Any:
    """A SELECT straight from tables gets `empresa_id = :empresa` for each tenant table. With
    joins, aliases or subqueries a WHERE on the outer FROM would not reach every reference:
    left unscoped, and so refused by the caller's check."""
    froms = statement.get_final_froms()
    nested = any(
        isinstance(element, SelectBase | Subquery) and element is not statement
        for element in visitors.iterate(statement)
    )
    if nested or not all(isinstance(table, Table) for table in froms):
        return statement
    tenant_tables = _tables_of_tenants()
    conditions = [t.c.empresa_id == bindparam(_PARAM) for t in froms if t in tenant_tables]
    return statement.where(*conditions)


def _stamped(parameters: Any, empresa_id: int) -> Any:
    if isinstance(parameters, list):
        return [_stamp_row(row, empresa_id) for row in parameters]
    return _stamp_row(parameters or {}, empresa_id)


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
    for instance in (*session.new, *session.dirty):
        if not isinstance(instance, TenantScoped):
            continue
        if scope is None:
            raise TenantBoundaryError("gravação em tabela de empresa sem empresa definida")
        if instance.empresa_id is None:
            instance.empresa_id = scope
        elif instance.empresa_id != scope:
            raise TenantBoundaryError("objeto de outra empresa nesta sessão")
