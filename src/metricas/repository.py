"""All SQL of the métricas: the sharded counters and the reads over them."""

import functools
import random
from collections.abc import Sequence

from sqlalchemy import Row, Select, bindparam, case, delete, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from src.core.repository import Repository
from src.metricas.contadores import SHARDS, SUMMED, Delta
from src.metricas.sql import seconds_between
from src.models import Chamado, Cliente, ContadorChamados

_c = ContadorChamados
# ORM attributes, not table columns: the session scopes these reads to the caller's empresa.
_SUMS = tuple(func.sum(getattr(_c, name)) for name in SUMMED)
# Built once; one statement per endpoint, so each answer is one consistent snapshot.
_POR_VALOR = select(_c.valor, *_SUMS).where(_c.dimensao == bindparam("dimensao")).group_by(_c.valor)
_GERAL = select(*_SUMS, select(func.count()).select_from(Cliente).scalar_subquery()).where(
    _c.dimensao == "geral"
)


@functools.cache
def _upsert(dialect_name: str) -> Insert:
    """One single-row upsert per dialect, built once: each call only binds new values."""
    table = ContadorChamados.__table__
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    insert = dialect.insert(table)
    return insert.on_conflict_do_update(
        index_elements=[table.c.empresa_id, table.c.dimensao, table.c.valor, table.c.shard],
        set_={name: table.c[name] + insert.excluded[name] for name in SUMMED},
    )


class ContadorRepository(Repository):
    async def add(self, deltas: list[Delta]) -> None:
        """Add the deltas to one random shard of the session's empresa, in one batch
        (executemany: one round trip). The session stamps empresa_id on each row.

        Rows go in a fixed order so two transactions never lock the same rows in opposite
        orders; a random shard lets concurrent tickets rarely wait on the same row.
        """
        if not deltas:
            return
        shard = random.randrange(SHARDS)  # noqa: S311  (load spreading, not security)
        rows = [
            {"dimensao": delta.dimensao, "valor": delta.valor, "shard": shard}
            | {name: getattr(delta, name) for name in SUMMED}
            for delta in sorted(deltas, key=lambda d: (d.dimensao, d.valor))
        ]
        await self.session.execute(_upsert(self.session.bind.dialect.name), rows)

    async def geral(self) -> Row:
        """(total, resolvidos_automaticamente, respondidos, segundos, total_clientes)."""
        return (await self.session.execute(_GERAL)).one()

    async def por_valor(self, dimensao: str) -> Sequence[Row]:
        """(valor, total, resolvidos_automaticamente, respondidos, segundos) per value."""
        return (await self.session.execute(_POR_VALOR, {"dimensao": dimensao})).all()

    async def rebuild(self) -> None:
        """Recount every empresa's counters from chamados (after bulk loads, or to repair by
        hand): maintenance, in a session bound to all empresas."""
        await self.session.execute(delete(ContadorChamados))
        recount = union_all(
            _recount("geral", literal("*")),
            _recount("canal", Chamado.canal),
            _recount("status", Chamado.status),
            _recount("intencao", Chamado.intencao),
        )
        columns = ["empresa_id", "dimensao", "valor", "shard", *SUMMED]
        await self.session.execute(
            ContadorChamados.__table__.insert().from_select(columns, recount)
        )


def _recount(dimensao: str, valor) -> Select:
    return select(
        Chamado.empresa_id,
        literal(dimensao).label("dimensao"),
        valor.label("valor"),
        literal(0).label("shard"),
        func.count().label("total"),
        func.coalesce(func.sum(case((Chamado.resolvido_automaticamente.is_(True), 1), else_=0)), 0),
        func.count(Chamado.data_primeira_resposta),
        func.coalesce(
            func.sum(seconds_between(Chamado.data_primeira_resposta, Chamado.data_criacao)), 0.0
        ),
    ).group_by(Chamado.empresa_id, *([] if dimensao == "geral" else [valor]))
