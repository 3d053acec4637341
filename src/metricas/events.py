"""The métricas follow every write to chamados, in the writer's transaction.

The counters of /metricas/ move on the domain events. The daily rows (cubo.py) move on any
change of a ticket column they read, wherever it comes from: the ORM flush tells what each
changed ticket was before and is now.
"""

from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import event as sa_event
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction
from sqlalchemy.orm.base import NO_VALUE

from src.chamados.events import (
    ChamadoCriado,
    ChamadoReaberto,
    EquipeDesfeita,
    MensagemCriada,
    StatusAlterado,
    TriagemAdotada,
)
from src.core import events
from src.core.cache import CachePorEmpresa
from src.core.tenancy import bound_empresa
from src.empresas.events import FusoAlterado
from src.metricas import contadores, cubo_repository
from src.metricas.cubo import CAMPOS, Deltas
from src.metricas.repository import ContadorRepository
from src.models import Chamado

# An empresa's zone changes a few times in its life; each process reads it once a minute at
# most. A change rebuilds the empresa's rows (below) and clears this process's entry.
_fusos: CachePorEmpresa[ZoneInfo] = CachePorEmpresa(ttl_seconds=60)


def _fuso(connection, empresa_id: int) -> ZoneInfo:
    return _fusos.obter_agora(empresa_id, lambda: cubo_repository.fuso_de(connection, empresa_id))


_PENDENTES = "metricas_diarias_pendentes"


def _pendentes(session: Session) -> dict[int, Deltas]:
    """This transaction's changes to the daily rows, per empresa, not yet written."""
    return session.info.setdefault(_PENDENTES, defaultdict(Deltas.vazio))


@events.handler(ChamadoCriado)
async def count_new_chamado(session: AsyncSession, event: ChamadoCriado) -> None:
    await ContadorRepository(session).add(contadores.chamado_criado(event.chamado))
    valores = _salvos(event.chamado)
    empresa_id = valores["empresa_id"]
    fuso = _fusos.em_cache(empresa_id) or await session.run_sync(
        lambda s: _fuso(s.connection(), empresa_id)
    )
    _pendentes(session.sync_session)[empresa_id].somar(valores, fuso, 1)


def _salvos(chamado: Chamado) -> dict:
    """The ticket's columns as the database has them (before this flush): the ORM keeps the
    loaded value of each attribute changed since (`committed_state`)."""
    state = inspect(chamado)
    anteriores, atuais = state.committed_state, state.dict
    valores = {}
    for campo in CAMPOS:
        valor = anteriores[campo] if campo in anteriores else atuais.get(campo)
        if valor is NO_VALUE:  # changed without the old value loaded: nothing here expires
            raise RuntimeError(f"chamado {chamado.id}: {campo} mudou sem o valor anterior")
        valores[campo] = valor
    return valores


@sa_event.listens_for(Session, "after_flush")
def _note_changed_tickets(session: Session, _flush: UOWTransaction) -> None:
    for chamado in session.dirty:
        if not isinstance(chamado, Chamado):
            continue
        antes = _salvos(chamado)
        depois = {campo: getattr(chamado, campo) for campo in CAMPOS}
        if antes != depois:
            fuso = _fuso(session.connection(), chamado.empresa_id)
            _pendentes(session)[chamado.empresa_id].trocar(antes, depois, fuso)


@sa_event.listens_for(Session, "before_commit")
def _write_at_commit(session: Session) -> None:
    """All of a transaction's changes go in at its end, in one batch in key order: the rows
    are the last locks it takes, so two writers never wait on each other in a cycle (an
    earlier write would hold a day's row while waiting, say, for an operator's row)."""
    session.flush()
    _escrever(session)


def _escrever(session: Session) -> None:
    for empresa_id, deltas in sorted(session.info.pop(_PENDENTES, {}).items()):
        cubo_repository.gravar(session.connection(), empresa_id, deltas)


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_PENDENTES, None)


@events.handler(EquipeDesfeita)
async def move_team_rows(session: AsyncSession, event: EquipeDesfeita) -> None:
    empresa_id = bound_empresa(session)

    def move(sync_session: Session) -> None:
        # Its open tickets left the team one by one: their changes go in before the move.
        sync_session.flush()
        _escrever(sync_session)
        cubo_repository.mover_equipe(sync_session.connection(), empresa_id, event.equipe_id)

    await session.run_sync(move)


@events.handler(FusoAlterado)
async def recount_days(session: AsyncSession, event: FusoAlterado) -> None:
    def recount(sync_session: Session) -> None:
        sync_session.flush()
        # The recount reads this transaction's tickets: what it had noted is in it already.
        _pendentes(sync_session).pop(event.empresa_id, None)
        cubo_repository.reconstruir(sync_session.connection(), event.empresa_id)

    await session.run_sync(recount)
    # Other requests of this process read the new zone once this one commits.
    _fusos.invalidar(event.empresa_id)
    _fusos.invalidar_ao_confirmar(session, event.empresa_id)


@events.handler(StatusAlterado)
async def move_status_count(session: AsyncSession, event: StatusAlterado) -> None:
    await ContadorRepository(session).add(contadores.status_mudou(event.chamado, event.anterior))


@events.handler(MensagemCriada)
async def count_first_answer(session: AsyncSession, event: MensagemCriada) -> None:
    if event.primeira_resposta:
        await ContadorRepository(session).add(contadores.primeira_resposta(event.chamado))


@events.handler(ChamadoReaberto)
async def count_reopen(session: AsyncSession, event: ChamadoReaberto) -> None:
    event.chamado.reaberturas = (event.chamado.reaberturas or 0) + 1


@events.handler(TriagemAdotada)
async def move_intent_count(session: AsyncSession, event: TriagemAdotada) -> None:
    deltas = contadores.triagem_adotada(
        event.chamado, event.intencao_anterior, event.resolvido_automaticamente_antes
    )
    await ContadorRepository(session).add(deltas)
