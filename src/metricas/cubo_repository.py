"""All SQL of the daily métricas (models/metrica.py): writing deltas, reading, recounting.

Writes take a plain Connection: they run inside the ORM's flush (events.py), where only
synchronous calls are possible, and from migrations. The empresa_id is the ticket's own.
"""

import functools
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Row, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from src.core.repository import Repository
from src.metricas.cubo import CAMPOS, VETOR, Deltas
from src.models import Chamado, Empresa
from src.models.metrica import MetricaDiaria, TempoDiario, TempoTotal

# Today's rows are written by every ticket of the empresa: a random shard lets concurrent
# transactions rarely wait on the same row; readers sum the shards.
SHARDS = 4
_LOTE = 5000  # rows per INSERT batch and tickets per recount batch


@functools.cache
def _upsert(dialect_name: str, table: Table, somar: tuple[str, ...]) -> Insert:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    insert = dialect.insert(table)
    return insert.on_conflict_do_update(
        index_elements=list(table.primary_key.columns),
        set_={name: table.c[name] + insert.excluded[name] for name in somar},
    )


def gravar(connection: Connection, empresa_id: int, deltas: Deltas, shard: int | None = None):
    """Add the deltas to the empresa's rows, in key order (two writers never lock the same rows
    in opposite orders), one executemany per table."""
    if shard is None:
        shard = random.randrange(SHARDS)  # noqa: S311  (load spreading, not security)
    dialect = connection.dialect.name
    cubo = [
        {"empresa_id": empresa_id, "dia": dia, "dimensao": dimensao, "valor": valor}
        | {"shard": shard}
        | dict(zip(VETOR, valores, strict=True))
        for (dia, dimensao, valor), valores in deltas.linhas_cubo()
    ]
    diarios = [
        {"empresa_id": empresa_id, "metrica": m, "dia": dia, "atendente": a, "decimos": d}
        | {"chamados": n}
        for (m, dia, a, d), n in deltas.linhas_tempo()
    ]
    totais: dict[tuple, int] = defaultdict(int)
    for (m, _dia, a, d), n in deltas.linhas_tempo():
        totais[(m, a, d)] += n
    total = [
        {"empresa_id": empresa_id, "metrica": m, "atendente": a, "decimos": d, "chamados": n}
        for (m, a, d), n in sorted(totais.items())
        if n
    ]
    for model, rows, somar in (
        (MetricaDiaria, cubo, VETOR),
        (TempoDiario, diarios, ("chamados",)),
        (TempoTotal, total, ("chamados",)),
    ):
        for inicio in range(0, len(rows), _LOTE):
            statement = _upsert(dialect, model.__table__, somar)
            connection.execute(statement, rows[inicio : inicio + _LOTE])


def fuso_de(connection: Connection, empresa_id: int) -> ZoneInfo:
    fuso = connection.scalar(
        select(Empresa.__table__.c.fuso_horario).where(Empresa.__table__.c.id == empresa_id)
    )
    return ZoneInfo(fuso or "America/Sao_Paulo")


def reconstruir(connection: Connection, empresa_id: int) -> None:
    """Recount one empresa's rows from its chamados, with the function live writes use.

    The rows are deleted first: a writer still holding them finishes before the recount reads
    the tickets (so its ticket is counted by the recount, not twice)."""
    for model in (MetricaDiaria, TempoDiario, TempoTotal):
        table = model.__table__
        connection.execute(delete(table).where(table.c.empresa_id == empresa_id))
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


_d = MetricaDiaria
_SOMAS_CUBO = tuple(func.sum(getattr(_d, nome)).label(nome) for nome in VETOR)


def _no_periodo(coluna, desde: date | None, ate: date | None) -> list:
    condicoes = []
    if desde is not None:
        condicoes.append(coluna >= desde)
    if ate is not None:
        condicoes.append(coluna <= ate)
    return condicoes


class CuboRepository(Repository):
    """Reads, through the ORM: the session scopes them to the caller's empresa."""

    async def por_valor(self, dimensao: str, desde: date | None, ate: date | None) -> Sequence[Row]:
        query = (
            select(_d.valor, *_SOMAS_CUBO)
            .where(_d.dimensao == dimensao, *_no_periodo(_d.dia, desde, ate))
            .group_by(_d.valor)
        )
        return (await self.session.execute(query)).all()

    async def por_dia(self, desde: date | None, ate: date | None) -> Sequence[Row]:
        query = (
            select(_d.dia, *_SOMAS_CUBO)
            .where(_d.dimensao == "total", *_no_periodo(_d.dia, desde, ate))
            .group_by(_d.dia)
            .order_by(_d.dia)
        )
        return (await self.session.execute(query)).all()

    async def tempos(self, metrica: str, desde: date | None, ate: date | None) -> Sequence[Row]:
        """(atendente, decimos, chamados) in that order: one operator's times, smallest first."""
        model = TempoTotal if desde is None and ate is None else TempoDiario
        condicoes = [] if model is TempoTotal else _no_periodo(TempoDiario.dia, desde, ate)
        query = (
            select(model.atendente, model.decimos, func.sum(model.chamados))
            .where(model.metrica == metrica, *condicoes)
            .group_by(model.atendente, model.decimos)
            .having(func.sum(model.chamados) != 0)
            .order_by(model.atendente, model.decimos)
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


def mover_equipe(connection: Connection, empresa_id: int, equipe_id: int) -> None:
    """A deleted team's tickets now have none: its rows join the "no team" rows."""
    table = MetricaDiaria.__table__
    onde = (table.c.empresa_id == empresa_id, table.c.dimensao == "equipe")
    linhas = connection.execute(select(table).where(*onde, table.c.valor == str(equipe_id))).all()
    if not linhas:
        return
    connection.execute(delete(table).where(*onde, table.c.valor == str(equipe_id)))
    deltas = Deltas.vazio()
    for linha in linhas:
        soma = deltas.cubo[(linha.dia, "equipe", "")]
        for i, nome in enumerate(VETOR):
            soma[i] += getattr(linha, nome)
    gravar(connection, empresa_id, deltas, shard=0)
