"""Domain events: handlers run inside the writer's transaction; jobs are sent only after it
commits and never when it rolls back."""

from dataclasses import dataclass

import pytest

from src.core import events, jobs

received: list[str] = []


@jobs.task(task_name="tests.anotar")
async def anotar(texto: str) -> None:
    received.append(texto)


@dataclass(frozen=True)
class AlgoAconteceu:
    texto: str


handled: list[str] = []


@events.handler(AlgoAconteceu)
async def _anotar_na_transacao(session, event: AlgoAconteceu) -> None:
    handled.append(event.texto)
    events.enqueue_after_commit(session, anotar, event.texto)


@pytest.fixture(autouse=True)
def _clear():
    received.clear()
    handled.clear()


async def test_a_job_is_sent_after_commit(app):
    async with app.state.sessionmaker() as session:
        await events.emit(session, AlgoAconteceu("gravado"))
        assert handled == ["gravado"]
        await jobs.drain()
        assert received == []  # not before the commit
        await session.commit()
    await jobs.drain()
    assert received == ["gravado"]


async def test_a_job_is_dropped_on_rollback(app):
    async with app.state.sessionmaker() as session:
        await events.emit(session, AlgoAconteceu("desfeito"))
        await session.rollback()
        await session.commit()  # nothing left to send
    await jobs.drain()
    assert handled == ["desfeito"]
    assert received == []


async def test_another_app_stopping_leaves_the_broker_to_the_apps_still_running(app):
    # Tests (and a worker next to the API) run several apps in one process.
    await jobs.start()
    await jobs.stop()
    assert jobs._broker is not None
    async with app.state.sessionmaker() as session:
        await events.emit(session, AlgoAconteceu("ainda funciona"))
        await session.commit()
    await jobs.drain()
    assert received == ["ainda funciona"]
