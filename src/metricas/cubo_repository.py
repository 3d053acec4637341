"""All SQL of the daily métricas (models/metrica.py): writing deltas, reading, recounting,
compacting.

Writes take a plain Connection: they run inside the ORM's commit (events.py), where only
synchronous calls are possible, and from migrations. The empresa_id is the ticket's own.
"""

import functools
import random
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Row, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from src.core.repository import Repository
from src.metricas.cubo import CAMPOS, TODOS_OS_DIAS, VETOR, Deltas
from src.models import Chamado, Empresa
from src.models.metrica import MetricaDiaria

# Today's rows are written by every ticket of the empresa, and each writer holds them until
# its COMMIT: a random shard lets concurrent transactions rarely wait on the same row.
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
        shard = random.randrange(SHARDS)  # noqa: S311  (load spreading, not security)
    rows = [
        {"empresa_id": empresa_id, "dimensao": d, "dia": dia, "valor": valor, "shard": shard}
        | dict(zip(VETOR, valores, strict=True))
        for (d, dia, valor), valores in deltas.linhas()
    ]
    _escrever(connection, rows)


def fuso_de(connection: Connection, empresa_id: int) -> ZoneInfo:
    e = Empresa.__table__
    fuso = connection.scalar(select(e.c.fuso_horario).where(e.c.id == empresa_id))
    return ZoneInfo(fuso or "America/Sao_Paulo")


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


def compactar(connection: Connection, antes_de: date, dias: int = 50) -> int:
    """Fold the shards of up to `dias` (empresa, day) pairs before `antes_de` into shard 0:
    the reports then read one row per key instead of up to SHARDS. What is deleted is what is
    added back (DELETE ... RETURNING), so a late write to an old day is never lost."""
    pares = connection.execute(
        select(_t.c.empresa_id, _t.c.dia)
        .where(_t.c.shard != 0, _t.c.dia < antes_de)
        .group_by(_t.c.empresa_id, _t.c.dia)
        .limit(dias)
    ).all()
    for empresa_id, dia in pares:
        apagadas = connection.execute(
            delete(_t)
            .where(_t.c.empresa_id == empresa_id, _t.c.dia == dia, _t.c.shard != 0)
            .returning(*(_t.c[c] for c in _CHAVE), *(_t.c[n] for n in VETOR))
        ).all()
        deltas = Deltas.vazio()
        for row in apagadas:
            soma = deltas.cubo[(row.dia, row.dimensao, row.valor)]
            for i, nome in enumerate(VETOR):
                soma[i] += getattr(row, nome)
        gravar(connection, empresa_id, deltas, shard=0)
    return len(pares)


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


_d = MetricaDiaria
_SOMAS = tuple(func.sum(getattr(_d, nome)).label(nome) for nome in VETOR)


def _no_periodo(desde: date | None, ate: date | None) -> list:
    condicoes = [_d.dia != TODOS_OS_DIAS]
    if desde is not None:
        condicoes.append(_d.dia >= desde)
    if ate is not None:
        condicoes.append(_d.dia <= ate)
    return condicoes


class CuboRepository(Repository):
    """Reads, through the ORM: the session scopes them to the caller's empresa."""

    async def por_valor(self, dimensao: str, desde: date | None, ate: date | None) -> Sequence[Row]:
        query = (
            select(_d.valor, *_SOMAS)
            .where(_d.dimensao == dimensao, *_no_periodo(desde, ate))
            .group_by(_d.valor)
        )
        return (await self.session.execute(query)).all()

    async def por_dia(self, desde: date | None, ate: date | None) -> Sequence[Row]:
        query = (
            select(_d.dia, *_SOMAS)
            .where(_d.dimensao == "total", *_no_periodo(desde, ate))
            .group_by(_d.dia)
            .order_by(_d.dia)
        )
        return (await self.session.execute(query)).all()

    async def tempos(self, metrica: str, desde: date | None, ate: date | None) -> Sequence[Row]:
        """(valor "<atendente>:<decimos>", chamados) of one time's histogram; without a period
        the all-days rows, a fraction of the daily ones."""
        periodo = [_d.dia == TODOS_OS_DIAS] if desde is None and ate is None else None
        query = (
            select(_d.valor, func.sum(_d.chamados))
            .where(_d.dimensao == metrica, *(periodo or _no_periodo(desde, ate)))
            .group_by(_d.valor)
            .having(func.sum(_d.chamados) != 0)
        )
        return (await self.session.execute(query)).all()


async def reconstruir_sessao(session: AsyncSession, empresa_id: int | None = None) -> None:
    """The recount from an async session (None: every empresa)."""

    def recount(sync_session) -> None:
        connection = sync_session.connection()
        if empresa_id is None:
            reconstruir_todas(connection)
        else:
            reconstruir(connection, empresa_id)

    await session.run_sync(recount)
