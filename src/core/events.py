"""Domain events: what a write tells the rest of the system, in one place.

A service that changes something emits an event (`await events.emit(session, ChamadoCriado(...))`)
instead of calling every interested module itself. Two kinds of reaction:

- handlers (`@events.handler(ChamadoCriado)`) run at once, inside the same transaction: what
  must stay consistent with the write (the métricas counters) commits or rolls back with it;
- jobs (`events.enqueue_after_commit(session, task, ...)`) are slow or external work (provider
  calls, webhooks). They are sent to the job runner only after the transaction commits and are
  dropped if it rolls back, so a job never sees data that does not exist.

Domains register their handlers at import time; `src.main` imports them. `core` knows none of
them.
"""

from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, SessionTransaction

from src.core import jobs

E = TypeVar("E")
Handler = Callable[[AsyncSession, Any], Awaitable[None]]

_HANDLERS: dict[type, list[Handler]] = defaultdict(list)
_PENDING_JOBS = "pending_jobs"
_WORKER_WARNED = "worker_warned"
# The PostgreSQL channel worker processes LISTEN on (src/worker.py).
WORKER_CHANNEL = "atendimento_worker"
_NOTIFY_WORKER = select(func.pg_notify(WORKER_CHANNEL, ""))


def handler(event_type: type[E]) -> Callable[[Callable[[AsyncSession, E], Awaitable[None]]], Any]:
    """Register a function that runs inside the emitting transaction."""

    def register(function: Callable[[AsyncSession, E], Awaitable[None]]):
        _HANDLERS[event_type].append(function)
        return function

    return register


async def emit(session: AsyncSession, domain_event: object) -> None:
    for function in _HANDLERS.get(type(domain_event), ()):
        await function(session, domain_event)


def enqueue_after_commit(session: AsyncSession, task: jobs.Task, *args: Any, **kwargs: Any) -> None:
    """Send `task(*args, **kwargs)` to the job runner once this transaction has committed."""
    sync_session = session.sync_session
    if not sync_session.in_transaction():
        # The jobs belong to a transaction: a rollback must find one to end, even if no SQL
        # ran yet, or they would ride along with the next commit.
        sync_session.begin()
    sync_session.info.setdefault(_PENDING_JOBS, []).append((task, args, kwargs))


async def wake_worker(session: AsyncSession) -> None:
    """This transaction wrote rows for the worker (an event in, a message or a delivery out):
    wake it once the transaction commits. This process's worker through the job runner; on
    PostgreSQL every worker process too, with NOTIFY, which the server delivers only on commit
    and drops on rollback. Once per transaction, however many rows it wrote."""
    info = session.sync_session.info
    if info.get(_WORKER_WARNED):
        return
    enqueue_after_commit(session, jobs.acordar_worker)
    info[_WORKER_WARNED] = True
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_NOTIFY_WORKER)


@event.listens_for(Session, "after_commit")
def _send_pending_jobs(session: Session) -> None:
    session.info.pop(_WORKER_WARNED, None)
    for task, args, kwargs in session.info.pop(_PENDING_JOBS, ()):
        jobs.send_soon(task, *args, **kwargs)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending_jobs(session: Session, previous_transaction: SessionTransaction) -> None:
    # Soft: also when the transaction never reached the database. A savepoint rolling back
    # leaves the outer transaction's jobs alone.
    if not previous_transaction.nested:
        session.info.pop(_PENDING_JOBS, None)
        session.info.pop(_WORKER_WARNED, None)
