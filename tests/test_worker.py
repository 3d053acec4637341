"""`atendimento worker` as its own process: it does what the API stored, stops cleanly on
SIGTERM, and a kill -9 in the middle loses and duplicates nothing."""

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from src.models import EnvioCanal
from src.models.base import utcnow
from tests.canais import whatsapp_fake as meta
from tests.canais.graph_fake import canal_apontando_para, entregar, graph_no_ar
from tests.conftest import TEST_CHAVE_SEGREDOS, TEST_SECRET

ROOT = Path(__file__).resolve().parents[1]
PEDIDO = "preciso da segunda via do boleto"  # answered automatically


@pytest.fixture
async def graph():
    async with graph_no_ar() as fake:
        yield fake


@pytest.fixture
async def canal(client, graph):
    return await canal_apontando_para(client, graph)


@pytest.fixture
async def processos():
    """Every worker a test starts is gone when it ends, whatever failed: an orphan would
    process the next tests' events."""
    iniciados: list[asyncio.subprocess.Process] = []
    yield iniciados
    for processo in iniciados:
        if processo.returncode is None:
            processo.kill()
            await processo.wait()


async def _worker(settings, processos: list) -> asyncio.subprocess.Process:
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env |= {
        "PYTHONPATH": str(ROOT),
        "APP_ENV": "test",
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": TEST_SECRET,
        "CHAVE_SEGREDOS": TEST_CHAVE_SEGREDOS,
        "PERMITIR_DESTINOS_PRIVADOS": "true",
        "LOG_LEVEL": "INFO",
    }
    processo = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "src.cli",
        "worker",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    processos.append(processo)
    while b"worker pronto" not in (linha := await asyncio.wait_for(processo.stdout.readline(), 60)):
        assert linha, "o worker terminou antes de ficar pronto"
    return processo


async def _esperar(condicao, segundos: float = 30) -> None:
    prazo = asyncio.get_running_loop().time() + segundos
    while not await condicao():
        assert asyncio.get_running_loop().time() < prazo, "o worker não terminou a tempo"
        await asyncio.sleep(0.1)


async def test_the_worker_process_answers_what_the_api_stored_and_stops_on_sigterm(
    settings, client, canal, graph, processos
):
    await entregar(client, canal, mensagens=[meta.texto("wamid.W1", "5511987654321", PEDIDO)])
    worker = await _worker(settings, processos)
    try:
        await _esperar(lambda: asyncio.sleep(0, result=len(graph.recebidas) == 1))
    finally:
        worker.send_signal(signal.SIGTERM)
        saida = (await asyncio.wait_for(worker.communicate(), 30))[0].decode()

    assert worker.returncode == 0, saida
    assert "worker parado" in saida
    assert graph.recebidas[0]["to"] == "5511987654321"


async def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    settings, client, db, canal, graph, processos
):
    clientes = [f"55119{n:08d}" for n in range(1, 31)]
    mensagens = [meta.texto(f"wamid.K{n}", wa_id, PEDIDO) for n, wa_id in enumerate(clientes)]
    for mensagem in mensagens:
        await entregar(client, canal, mensagens=[mensagem])
    graph.lentidao = 0.05  # answers take a while: the kill lands with sends in flight
    worker = await _worker(settings, processos)
    await _esperar(lambda: asyncio.sleep(0, result=len(graph.recebidas) >= 5))
    worker.kill()  # SIGKILL: no cleanup at all
    await worker.wait()

    # Meta reports what it took, echoing our envio ids, as it always does.
    for recebida in list(graph.recebidas):
        eco = {"biz_opaque_callback_data": recebida["biz_opaque_callback_data"]}
        status = meta.status(recebida["wamid"], "sent", recipient_id=recebida["to"], **eco)
        await entregar(client, canal, statuses=[status])
    # Time passes: claims the dead worker left behind are due again.
    await db.execute(update(EnvioCanal).values(proxima_em=utcnow()))
    await db.commit()
    worker = await _worker(settings, processos)
    try:

        async def todos_enviados() -> bool:
            enviados = select(func.count()).where(EnvioCanal.estado == "enviado")
            db.expire_all()
            return await db.scalar(enviados) == len(clientes)

        await _esperar(todos_enviados, segundos=60)
    finally:
        worker.send_signal(signal.SIGTERM)
        await asyncio.wait_for(worker.communicate(), 30)

    destinos = [recebida["to"] for recebida in graph.recebidas]
    assert sorted(destinos) == sorted(clientes)  # every answer once: none lost, none twice


async def test_two_workers_side_by_side_send_each_answer_once(
    settings, client, db, canal, graph, processos
):
    clientes = [f"55117{n:08d}" for n in range(1, 21)]
    for n, wa_id in enumerate(clientes):
        await entregar(client, canal, mensagens=[meta.texto(f"wamid.D{n}", wa_id, PEDIDO)])
    graph.lentidao = 0.02
    await _worker(settings, processos)
    await _worker(settings, processos)

    async def todos_enviados() -> bool:
        db.expire_all()
        enviados = select(func.count()).where(EnvioCanal.estado == "enviado")
        return await db.scalar(enviados) == len(clientes)

    await _esperar(todos_enviados, segundos=60)
    assert sorted(r["to"] for r in graph.recebidas) == sorted(clientes)
