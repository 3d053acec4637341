"""Keep ContadorChamados in step with every write to chamados, in the same transaction."""

import functools
import random
from dataclasses import dataclass

from sqlalchemy import Select, case, delete, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

from src.metricas.sql import seconds_between
from src.models import Chamado, ContadorChamados

SHARDS = 16
GERAL = ("geral", "*")


@dataclass(frozen=True, slots=True)
class Delta:
    dimensao: str
    valor: str
    total: int = 0
    resolvidos_automaticamente: int = 0
    respondidos: int = 0
    segundos_ate_resposta: float = 0.0


_SUMMED = ("total", "resolvidos_automaticamente", "respondidos", "segundos_ate_resposta")


@functools.cache
def _upsert(dialect_name: str) -> Insert:
    """One single-row upsert per dialect, built once: each call only binds new values."""
    table = ContadorChamados.__table__
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    insert = dialect.insert(table)
    return insert.on_conflict_do_update(
        index_elements=[table.c.dimensao, table.c.valor, table.c.shard],
        set_={name: table.c[name] + insert.excluded[name] for name in _SUMMED},
    )


async def apply(session: AsyncSession, deltas: list[Delta]) -> None:
    """Add the deltas to one random shard, in one batch (executemany: one round trip).

    Rows go in a fixed order so two transactions never lock the same rows in opposite orders.
    """
    if not deltas:
        return
    shard = random.randrange(SHARDS)  # noqa: S311  (load spreading, not security)
    rows = [
        {
            "dimensao": delta.dimensao,
            "valor": delta.valor,
            "shard": shard,
            "total": delta.total,
            "resolvidos_automaticamente": delta.resolvidos_automaticamente,
            "respondidos": delta.respondidos,
            "segundos_ate_resposta": delta.segundos_ate_resposta,
        }
        for delta in sorted(deltas, key=lambda d: (d.dimensao, d.valor))
    ]
    await session.execute(_upsert(session.bind.dialect.name), rows)


def chamado_criado(chamado: Chamado) -> list[Delta]:
    auto = 0 if chamado.encaminhado_para_humano else 1
    respondido = chamado.data_primeira_resposta is not None
    geral = Delta(
        *GERAL,
        total=1,
        resolvidos_automaticamente=auto,
        respondidos=int(respondido),
        segundos_ate_resposta=_seconds_to_answer(chamado) if respondido else 0.0,
    )
    return [
        geral,
        Delta("canal", chamado.canal, total=1, resolvidos_automaticamente=auto),
        Delta("status", chamado.status, total=1, resolvidos_automaticamente=auto),
        Delta("intencao", chamado.intencao, total=1, resolvidos_automaticamente=auto),
    ]


def status_mudou(chamado: Chamado, anterior: str) -> list[Delta]:
    if anterior == chamado.status:
        return []
    auto = 0 if chamado.encaminhado_para_humano else 1
    return [
        Delta("status", anterior, total=-1, resolvidos_automaticamente=-auto),
        Delta("status", chamado.status, total=1, resolvidos_automaticamente=auto),
    ]


def primeira_resposta(chamado: Chamado) -> list[Delta]:
    return [Delta(*GERAL, respondidos=1, segundos_ate_resposta=_seconds_to_answer(chamado))]


def _seconds_to_answer(chamado: Chamado) -> float:
    assert chamado.data_primeira_resposta is not None
    return (chamado.data_primeira_resposta - chamado.data_criacao).total_seconds()


def _recount(dimensao: str, valor) -> Select:
    return select(
        literal(dimensao).label("dimensao"),
        valor.label("valor"),
        literal(0).label("shard"),
        func.count().label("total"),
        func.coalesce(func.sum(case((Chamado.encaminhado_para_humano.is_(False), 1), else_=0)), 0),
        func.count(Chamado.data_primeira_resposta),
        func.coalesce(
            func.sum(seconds_between(Chamado.data_primeira_resposta, Chamado.data_criacao)), 0.0
        ),
    ).group_by(valor)


async def rebuild(session: AsyncSession) -> None:
    """Recount everything from chamados (after bulk loads, or to repair by hand)."""
    await session.execute(delete(ContadorChamados))
    recount = union_all(
        _recount("geral", literal("*")).group_by(None),
        _recount("canal", Chamado.canal),
        _recount("status", Chamado.status),
        _recount("intencao", Chamado.intencao),
    )
    columns = [column.name for column in ContadorChamados.__table__.columns]
    await session.execute(ContadorChamados.__table__.insert().from_select(columns, recount))
