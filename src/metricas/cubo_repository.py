"""All SQL of the daily métricas (models/metrica.py): writing deltas, reading, recounting,
compacting.

Writes take a plain Connection: they run inside the ORM's commit (events.py), where only
synchronous calls are possible, and from migrations. The empresa_id is the ticket's own.
"""

import functools
import random
from collections.abc import Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Connection,
    Float,
    Row,
    Select,
    bindparam,
    cast,
    delete,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from src.core.repository import Repository
from src.metricas.cubo import CAMPOS, TODOS_OS_DIAS, VETOR, Deltas
from src.models import Chamado, Empresa
from src.models.metrica import SOMAS, MetricaDiaria

# Today's rows are written by every ticket of the empresa, and each writer holds them until
# its COMMIT: a random shard (1 to SHARDS) lets concurrent transactions rarely wait on the same
# row. Shard 0 is the recount's and the compaction's, which no live writer touches.
SHARDS = 16
_LOTE = 5000  # rows per INSERT batch and tickets per recount batch
_t = MetricaDiaria.__table__
_CHAVE = ("dimensao", "dia", "valor")


@functools.cache
def _upsert(dialect_name: str) -> Insert:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    insert = dialect.insert(_t)
    return insert.on_conflict_do_update(
        index_elements=list(_t.primary_key.columns),
        set_={name: _t.c[name] + insert.excluded[name] for name in VETOR},
    )


def _escrever(connection: Connection, rows: list[dict]) -> None:
    statement = _upsert(connection.dialect.name)
    for inicio in range(0, len(rows), _LOTE):
        connection.execute(statement, rows[inicio : inicio + _LOTE])


def gravar(connection: Connection, empresa_id: int, deltas: Deltas, shard: int | None = None):
    """Add the deltas to the empresa's rows in one executemany, in key order (two writers
    never lock the same rows in opposite orders)."""
    if shard is None:
        shard = random.randint(1, SHARDS)  # noqa: S311  (load spreading, not security)
    rows = [
        {"empresa_id": empresa_id, "dimensao": d, "dia": dia, "valor": valor, "shard": shard}
        | dict(zip(VETOR, valores, strict=True))
        for (d, dia, valor), valores in deltas.linhas()
    ]
    _escrever(connection, rows)


def fuso_de(connection: Connection, empresa_id: int) -> ZoneInfo:
    e = Empresa.__table__
    return ZoneInfo(connection.scalar(select(e.c.fuso_horario).where(e.c.id == empresa_id)))


def reconstruir(connection: Connection, empresa_id: int) -> None:
    """Recount one empresa's rows from its chamados, with the function live writes use.

    The rows are deleted first: a writer still holding them finishes before the recount reads
    the tickets (so its ticket is counted by the recount, not twice)."""
    connection.execute(delete(_t).where(_t.c.empresa_id == empresa_id))
    fuso = fuso_de(connection, empresa_id)
    chamados = Chamado.__table__
    colunas = [chamados.c[campo] for campo in CAMPOS]
    deltas, ultimo = Deltas.vazio(), 0
    while True:  # in batches by id: the memory holds the sums, never the tickets
        lote = connection.execute(
            select(chamados.c.id, *colunas)
            .where(chamados.c.empresa_id == empresa_id, chamados.c.id > ultimo)
            .order_by(chamados.c.id)
            .limit(_LOTE)
        ).all()
        if not lote:
            break
        ultimo = lote[-1].id
        for row in lote:
            deltas.somar(row._mapping, fuso, 1)
    gravar(connection, empresa_id, deltas, shard=0)


def reconstruir_todas(connection: Connection) -> None:
    for empresa_id in connection.scalars(select(Empresa.__table__.c.id)).all():
        reconstruir(connection, empresa_id)


def dias_a_compactar(connection: Connection, antes_de: date) -> list[tuple[int, date]]:
    """The (empresa, day) pairs before `antes_de` with rows on write shards (the all-days rows
    included: their day is TODOS_OS_DIAS)."""
    return [
        (empresa_id, dia)
        for empresa_id, dia in connection.execute(
            select(_t.c.empresa_id, _t.c.dia)
            .where(_t.c.shard != 0, _t.c.dia < antes_de)
            .group_by(_t.c.empresa_id, _t.c.dia)
        ).all()
    ]


def compactar(connection: Connection, empresa_id: int, dia: date) -> int:
    """Fold one day's write shards into shard 0: the reports then read one row per key instead
    of up to SHARDS. Rows a writer holds are skipped (the next round gets them), so this never
    waits on a writer nor makes one wait in a cycle; what is deleted is what is added back."""
    chave = (_t.c.empresa_id == empresa_id, _t.c.dia == dia, _t.c.shard != 0)
    livres = connection.execute(
        select(_t)
        .where(*chave)
        .order_by(_t.c.dimensao, _t.c.valor, _t.c.shard)
        .with_for_update(skip_locked=True)
    ).all()
    if not livres:
        return 0
    pk = [c.name for c in _t.primary_key.columns]
    apagar = delete(_t).where(*(_t.c[nome] == bindparam(f"pk_{nome}") for nome in pk))
    connection.execute(
        apagar, [{f"pk_{nome}": getattr(row, nome) for nome in pk} for row in livres]
    )
    deltas = Deltas.vazio()
    for row in livres:
        soma = deltas.cubo[(row.dia, row.dimensao, row.valor)]
        for i, nome in enumerate(VETOR):
            soma[i] += getattr(row, nome)
    gravar(connection, empresa_id, deltas, shard=0)
    return len(livres)


def mover_equipe(connection: Connection, empresa_id: int, equipe_id: int) -> None:
    """A deleted team's tickets now have none: its rows join the "no team" rows."""
    onde = (_t.c.empresa_id == empresa_id, _t.c.dimensao == "equipe")
    linhas = connection.execute(select(_t).where(*onde, _t.c.valor == str(equipe_id))).all()
    if not linhas:
        return
    connection.execute(delete(_t).where(*onde, _t.c.valor == str(equipe_id)))
    deltas = Deltas.vazio()
    for linha in linhas:
        soma = deltas.cubo[(linha.dia, "equipe", "")]
        for i, nome in enumerate(VETOR):
            soma[i] += getattr(linha, nome)
    gravar(connection, empresa_id, deltas, shard=0)


# Built once, with bound values: the session's empresa scoping (core/tenancy.py) checks a
# statement once per statement object, and these are read on every report. Core columns:
# rows, not ORM entities. Cast back to the column's type: PostgreSQL sums BIGINTs as NUMERIC.
_SOMAS = tuple(
    cast(func.sum(_t.c[nome]), Float if nome in SOMAS else BigInteger).label(nome) for nome in VETOR
)
# Days are always bounded: the first real day excludes the all-days rows (TODOS_OS_DIAS).
PRIMEIRO_DIA = TODOS_OS_DIAS + timedelta(days=1)
_NO_PERIODO = (_t.c.dia >= bindparam("desde"), _t.c.dia <= bindparam("ate"))
_POR_VALOR = (
    select(_t.c.valor, *_SOMAS)
    .where(_t.c.dimensao == bindparam("dimensao"), *_NO_PERIODO)
    .group_by(_t.c.valor)
)
_POR_DIA = (
    select(_t.c.dia, *_SOMAS)
    .where(_t.c.dimensao == "total", *_NO_PERIODO)
    .group_by(_t.c.dia)
    .order_by(_t.c.dia)
)
_CONTAGEM = cast(func.sum(_t.c.chamados), BigInteger)


def _tempos(*dias) -> Select:
    return (
        select(_t.c.valor, _CONTAGEM)
        .where(_t.c.dimensao == bindparam("metrica"), *dias)
        .group_by(_t.c.valor)
        .having(_CONTAGEM != 0)
    )


_TEMPOS_NO_PERIODO = _tempos(*_NO_PERIODO)
_TEMPOS_EM_TODOS_OS_DIAS = _tempos(_t.c.dia == TODOS_OS_DIAS)


def _periodo(desde: date | None, ate: date | None) -> dict[str, date]:
    return {"desde": max(desde or PRIMEIRO_DIA, PRIMEIRO_DIA), "ate": ate or date.max}


class CuboRepository(Repository):
    """Reads, through the session: it scopes them to the caller's empresa."""

    async def por_valor(self, dimensao: str, desde: date | None, ate: date | None) -> Sequence[Row]:
        params = {"dimensao": dimensao, **_periodo(desde, ate)}
        return (await self.session.execute(_POR_VALOR, params)).all()

    async def por_dia(self, desde: date | None, ate: date | None) -> Sequence[Row]:
        return (await self.session.execute(_POR_DIA, _periodo(desde, ate))).all()

    async def tempos(self, metrica: str, desde: date | None, ate: date | None) -> Sequence[Row]:
        """(valor "<atendente>:<decimos>", chamados) of one time's histogram; without a period
        the all-days rows, a fraction of the daily ones."""
        if desde is None and ate is None:
            query, params = _TEMPOS_EM_TODOS_OS_DIAS, {"metrica": metrica}
        else:
            query, params = _TEMPOS_NO_PERIODO, {"metrica": metrica, **_periodo(desde, ate)}
        return (await self.session.execute(query, params)).all()


async def reconstruir_sessao(session: AsyncSession, empresa_id: int | None = None) -> None:
    """The recount from an async session (None: every empresa)."""

    def recount(sync_session) -> None:
        connection = sync_session.connection()
        if empresa_id is None:
            reconstruir_todas(connection)
        else:
            reconstruir(connection, empresa_id)

    await session.run_sync(recount)
