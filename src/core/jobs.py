"""The job runner: taskiq, with the broker chosen at start-up.

Tasks are declared on taskiq's shared broker (`@jobs.task`), so domains can define them at
import time; `start()` plugs in the broker: taskiq's in-memory one, so jobs run on the
process's own event loop. Nothing that must survive a restart lives only in a job: the work is
in outbox rows, and a job only wakes the worker that finds them (docs/arquitetura.md, "O worker,
e por que a fila é o banco").
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, InMemoryBroker, async_shared_broker

logger = logging.getLogger(__name__)

Task = AsyncTaskiqDecoratedTask
task = async_shared_broker.task

_broker: AsyncBroker | None = None
_users = 0  # apps of this process using the broker (tests run several side by side)
_sending: set[asyncio.Task[Any]] = set()


async def start() -> AsyncBroker:
    """One broker per process, shared by every app in it; started by the first."""
    global _broker, _users
    if _broker is None:
        # await_inplace: `kiq` returns once the job ran; `send_soon` already runs it off the
        # request's path, and `drain()` can then wait for the work itself.
        broker = InMemoryBroker(await_inplace=True)
        await broker.startup()
        async_shared_broker.default_broker(broker)
        _broker = broker
    _users += 1
    return _broker


async def stop() -> None:
    """Finish the jobs already sent; the last app to stop shuts the broker down."""
    global _broker, _users
    await drain()
    _users = max(0, _users - 1)
    if _users == 0 and _broker is not None:
        await _broker.shutdown()
        _broker = None


def send_soon(job: Task, *args: Any, **kwargs: Any) -> None:
    """Kick a job from synchronous code (a commit hook) without blocking it."""
    sending = asyncio.get_running_loop().create_task(_kick(job, args, kwargs))
    _sending.add(sending)
    sending.add_done_callback(_sending.discard)


async def _kick(job: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        await job.kiq(*args, **kwargs)
    except Exception:
        logger.exception("job %s falhou", job.task_name)


# This process's running workers (one per app; tests run several side by side).
_despertadores: set[Callable[[], None]] = set()


def ao_acordar(despertar: Callable[[], None]) -> Callable[[], None]:
    """A worker asks to be woken when work is written; returns how to stop asking."""
    _despertadores.add(despertar)
    return lambda: _despertadores.discard(despertar)


@task(task_name="worker.acordar")
async def acordar_worker() -> None:
    """Sent after a commit that wrote work rows (an event in, an envio or a delivery out). The
    rows are the work; this only saves the wait for the next round."""
    for despertar in list(_despertadores):
        despertar()


async def a_cada(intervalo: float, rodada: Callable[[], Awaitable[Any]], o_que: str) -> None:
    """The embedded worker's periodic work: `rodada()` every `intervalo` seconds until
    cancelled (at shutdown); a failed round is logged and the next one retries."""
    while True:
        try:
            await rodada()
        except Exception:
            logger.exception("%s falhou; de novo em %s s", o_que, intervalo)
        await asyncio.sleep(intervalo)


async def drain() -> None:
    """Wait until every job sent so far is done (tests, shutdown)."""
    while _sending:
        await asyncio.gather(*list(_sending), return_exceptions=True)
