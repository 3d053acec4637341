"""All SQL about chamados and their replies."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, Select, bindparam, insert, select

from src.core.pagination import PageParams
from src.core.repository import Repository, insert_values
from src.models import Chamado, Resposta

# The empresa_id is stamped by the session (core/tenancy.py), like every INSERT's.
_INSERT_CHAMADO = insert(Chamado.__table__).returning(*Chamado.__table__.columns)
# Lists only serialize their rows: a Core select of the table skips the ORM's per-row work
# (identity map, loaders), measured at ~0.6 ms of CPU per 10-row page. The session adds the
# empresa condition to it like to any statement (core/tenancy.py).
_ROWS = select(Chamado.__table__)
_t = Chamado.__table__.c
_FILTERABLE = {"status": _t.status, "canal": _t.canal, "cliente_id": _t.cliente_id}


@dataclass(frozen=True, slots=True)
class FiltroChamados:
    """Optional filters of a chamado list; None means "any"."""

    status: str | None = None
    canal: str | None = None
    cliente_id: int | None = None

    def active(self) -> dict[str, object]:
        # Plain getattr: asdict() deep-copies, a cost paid on every list request.
        values = {name: getattr(self, name) for name in _FILTERABLE}
        return {name: value for name, value in values.items() if value is not None}


@functools.cache
def _newest_first(filter_names: tuple[str, ...]) -> Select:
    """One statement per combination of filters, built on first use and kept.

    Every value is a bound parameter, so each call reuses the compiled SQL and the server's
    prepared statement (docs/performance.md, "Statements preparados e construídos uma vez").
    The (filter, data_criacao, id) indexes hand the newest rows straight off the index.
    """
    return (
        _ROWS.where(*(_FILTERABLE[name] == bindparam(name) for name in filter_names))
        .order_by(_t.data_criacao.desc(), _t.id.desc())
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


_BY_ID = select(Chamado).where(Chamado.id == bindparam("id"))
_RESPOSTAS = (
    select(Resposta)
    .where(Resposta.chamado_id == bindparam("chamado_id"))
    .order_by(Resposta.data_criacao, Resposta.id)
    .offset(bindparam("skip"))
    .limit(bindparam("limit"))
)
_BY_ID_FOR_UPDATE = (
    select(Chamado)
    .where(Chamado.id == bindparam("id"))
    .with_for_update()
    .execution_options(populate_existing=True)
)


class ChamadoRepository(Repository):
    async def insert(self, chamado: Chamado) -> Chamado:
        """Core INSERT ... RETURNING id: the ORM unit of work cost more than the statement
        (docs/performance.md, "INSERT pelo Core")."""
        values = insert_values(chamado)
        row = (await self.session.execute(_INSERT_CHAMADO, values)).one()
        # What the database filled in (id, defaults) goes back on the object, as a flush would.
        for key, value in row._asdict().items():
            if key not in values:
                setattr(chamado, key, value)
        return chamado

    async def get(self, chamado_id: int) -> Chamado | None:
        return await self.session.scalar(_BY_ID, {"id": chamado_id})

    async def get_for_update(self, chamado_id: int) -> Chamado | None:
        """Locks the row (PostgreSQL); on SQLite the write transaction already holds the lock."""
        return await self.session.scalar(_BY_ID_FOR_UPDATE, {"id": chamado_id})

    async def list(self, page: PageParams, filtro: FiltroChamados) -> Sequence[Row]:
        filters = filtro.active()
        query = _newest_first(tuple(sorted(filters)))
        params = {"skip": page.skip, "limit": page.limit, **filters}
        return (await self.session.execute(query, params)).all()

    async def list_respostas(self, chamado_id: int, page: PageParams) -> Sequence[Resposta]:
        params = {"chamado_id": chamado_id, "skip": page.skip, "limit": page.limit}
        return (await self.session.scalars(_RESPOSTAS, params)).all()
