"""All SQL about chamados themselves (their threads: `chamados/mensagens/repository.py`)."""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Row, Select, bindparam, insert, select
from sqlalchemy.orm import make_transient_to_detached

from src.chamados.busca import condicao as busca_condicao
from src.chamados.busca import condicao_pelo_indice
from src.chamados.busca import parametro as busca_parametro
from src.core.pagination import PageParams
from src.core.repository import Repository, insert_values
from src.models import Chamado, ChamadoEtiqueta, Etiqueta

# The empresa_id is stamped by the session (core/tenancy.py), like every INSERT's.
_INSERT_CHAMADO = insert(Chamado.__table__).returning(*Chamado.__table__.columns)
# Lists only serialize their rows: a Core select of the table skips the ORM's per-row work
# (identity map, loaders), measured at ~0.6 ms of CPU per 10-row page. The session adds the
# empresa condition to it like to any statement (core/tenancy.py).
_ROWS = select(Chamado.__table__)
_t = Chamado.__table__.c
_FILTERABLE = {
    "status": _t.status,
    "canal": _t.canal,
    "cliente_id": _t.cliente_id,
    "atendente_id": _t.atendente_id,
    "equipe_id": _t.equipe_id,
    "prioridade": _t.prioridade,
    "sla_estado": _t.sla_estado,
}


# "recentes": newest first (the v1 order); "sla": the soonest SLA due time first, then the ones
# with nothing due (met, paused or older than SLAs).
def _ordem(colunas, ordem: str) -> tuple:
    if ordem == "sla":
        return (colunas.sla_vence_em.asc().nulls_last(), colunas.id.asc())
    return (colunas.data_criacao.desc(), colunas.id.desc())


_ORDENS = {ordem: _ordem(_t, ordem) for ordem in ("recentes", "sla")}
# A search on PostgreSQL first looks among this many newest tickets of the list (cheap: a
# common word fills the page there); only when they hold less than a page does it collect the
# matches through the full-text index (cheap for a rare word). docs/performance.md, "Busca".
JANELA_BUSCA = 2000
# Conditions without a value: named here, switched on by a True in the filter.
_FLAGS = {"sem_atendente": _t.atendente_id.is_(None)}


def _condition(name: str):
    return _FLAGS[name] if name in _FLAGS else _FILTERABLE[name] == bindparam(name)


@dataclass(frozen=True, slots=True)
class FiltroChamados:
    """Optional filters of a chamado list; None (or False for a flag) means "any"."""

    status: str | None = None
    canal: str | None = None
    cliente_id: int | None = None
    atendente_id: int | None = None
    equipe_id: int | None = None
    prioridade: str | None = None
    sla_estado: str | None = None
    sem_atendente: bool = False
    etiqueta: str | None = None
    q: str | None = None  # full-text search over the ticket's messages

    def active(self) -> dict[str, object]:
        # Plain getattr: asdict() deep-copies, a cost paid on every list request.
        values = {name: getattr(self, name) for name in _FILTERABLE}
        active = {name: value for name, value in values.items() if value is not None}
        active.update({name: True for name in _FLAGS if getattr(self, name)})
        return active


@functools.cache
def _page(filter_names: tuple[str, ...], ordem: str) -> Select:
    """One statement per combination of filters, built on first use and kept.

    Every value is a bound parameter, so each call reuses the compiled SQL and the server's
    prepared statement (docs/performance.md, "Statements preparados e construídos uma vez").
    The (filter, data_criacao, id) indexes hand the newest rows straight off the index.
    """
    return (
        _ROWS.where(*(_condition(name) for name in filter_names))
        .order_by(*_ORDENS[ordem])
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


@functools.cache
def _page_orm(
    filter_names: tuple[str, ...], ordem: str, etiqueta: bool, busca: str | None
) -> Select:
    """The same page when a label or a search narrows it: subqueries on chamado_etiquetas or
    mensagens, so an ORM statement (the session scopes every table of it, core/tenancy.py).
    `busca`: None without a search, else the dialect of its condition, or "janela" and
    "indice" for PostgreSQL's two steps (see JANELA_BUSCA)."""
    condicoes = [_condition(name) for name in filter_names]
    if etiqueta:
        condicoes.append(
            Chamado.id.in_(
                select(ChamadoEtiqueta.chamado_id).where(
                    ChamadoEtiqueta.etiqueta_id
                    == select(Etiqueta.id)
                    .where(Etiqueta.nome == bindparam("etiqueta"))
                    .scalar_subquery()
                )
            )
        )
    if busca == "janela":
        return _janela_de_busca(condicoes, ordem)
    if busca == "indice":
        condicoes.append(condicao_pelo_indice())
    elif busca is not None:
        condicoes.append(busca_condicao(busca))
    return (
        select(Chamado)
        .where(*condicoes)
        .order_by(*_ORDENS[ordem])
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


def _janela_de_busca(condicoes: list, ordem: str) -> Select:
    """The search among the list's newest JANELA_BUSCA tickets, walked in the list's order:
    the scan stops as soon as the page is full (a common word: a few dozen tickets)."""
    janela = (
        select(Chamado.id, Chamado.data_criacao, Chamado.sla_vence_em)
        .where(*condicoes)
        .order_by(*_ORDENS[ordem])
        .limit(JANELA_BUSCA)
        .subquery("janela")
    )
    return (
        select(Chamado)
        .join(janela, Chamado.id == janela.c.id)
        .where(busca_condicao("postgresql"))
        .order_by(*_ordem(janela.c, ordem))
        .offset(bindparam("skip"))
        .limit(bindparam("limit"))
    )


_BY_ID = select(Chamado).where(Chamado.id == bindparam("id"))
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
        # Persistent from here, as if loaded: later changes in the request (routing, assignment)
        # are flushed as an UPDATE like on any ticket read from the database.
        make_transient_to_detached(chamado)
        self.session.add(chamado)
        return chamado

    async def _list_orm(
        self, page: PageParams, filtro: FiltroChamados, filters: dict, ordem: str
    ) -> Sequence[Chamado]:
        params = {"skip": page.skip, "limit": page.limit, **filters}
        dialect = None
        if filtro.q is not None:
            dialect = self.session.bind.dialect.name
            params["q"] = busca_parametro(filtro.q, dialect)
            if params["q"] is None:
                return []
        if filtro.etiqueta is not None:
            params["etiqueta"] = filtro.etiqueta
        nomes, etiqueta = tuple(sorted(filters)), filtro.etiqueta is not None
        if dialect != "postgresql":
            return (
                await self.session.scalars(_page_orm(nomes, ordem, etiqueta, dialect), params)
            ).all()
        if page.skip + page.limit <= JANELA_BUSCA:
            janela = _page_orm(nomes, ordem, etiqueta, "janela")
            chamados = (await self.session.scalars(janela, params)).all()
            if len(chamados) == page.limit:  # the newest tickets filled the page
                return chamados
        return (
            await self.session.scalars(_page_orm(nomes, ordem, etiqueta, "indice"), params)
        ).all()

    async def get(self, chamado_id: int) -> Chamado | None:
        return await self.session.scalar(_BY_ID, {"id": chamado_id})

    async def get_for_update(self, chamado_id: int) -> Chamado | None:
        """Locks the row (PostgreSQL); on SQLite the write transaction already holds the lock."""
        return await self.session.scalar(_BY_ID_FOR_UPDATE, {"id": chamado_id})

    async def list(
        self, page: PageParams, filtro: FiltroChamados, ordem: str = "recentes"
    ) -> Sequence[Row]:
        filters = filtro.active()
        if filtro.etiqueta is not None or filtro.q is not None:
            return await self._list_orm(page, filtro, filters, ordem)
        query = _page(tuple(sorted(filters)), ordem)
        params = {"skip": page.skip, "limit": page.limit, **filters}  # flags bind nothing
        return (await self.session.execute(query, params)).all()
