"""The worker: what runs beside the API, from rows the API committed.

- provider events in (src/canais/worker.py), answers out through the channels (the outbox,
  src/canais/envios.py) and webhook deliveries (src/webhooks/entregas.py);
- the SLA clock (src/chamados/sla) and the upkeep of the daily métricas (src/metricas).

The work is in the database, never only in a queue: rows claimed with SKIP LOCKED, so several
workers run side by side on PostgreSQL, and a killed one leaves rows the next round takes up.
A wake-up job (`jobs.acordar_worker`, sent after each commit that wrote work) saves the wait;
without it a round still runs every few seconds. In the embedded default this runs inside the
API process (`WORKER_EMBUTIDO`); `atendimento worker` runs it on its own.
"""

import asyncio
import contextlib
import logging
import signal

from starlette.concurrency import run_in_threadpool

from src import handlers
from src.canais.email import caixa
from src.canais.envios import Remetente
from src.canais.worker import adaptadores, processar_pendentes
from src.chamados.sla import service as sla
from src.core import jobs
from src.core.config import Settings
from src.core.database import create_engine, create_sessionmaker
from src.core.events import WORKER_CHANNEL
from src.core.http_externo import cliente_http
from src.metricas import compactacao
from src.triage import Triador
from src.triage.config import TriageSettings
from src.triage.por_empresa import TriagemPorEmpresa
from src.webhooks.entregas import Entregador

logger = logging.getLogger(__name__)

INTERVALO_SEGUNDOS = 5.0
RECONECTAR_SEGUNDOS = 5.0
PING_SEGUNDOS = 30.0


class Worker:
    def __init__(self, sessionmaker, settings: Settings, triagens, http) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.triagens = triagens
        self.remetente = Remetente(sessionmaker, adaptadores(settings, http))
        self.entregador = Entregador(sessionmaker, settings, http)
        self._sinal = asyncio.Event()

    def acordar(self) -> None:
        self._sinal.set()

    async def rodada(self) -> int:
        """Everything due now, a batch of each kind in turn until none is left: under a
        steady stream of incoming events the answers they queue still go out meanwhile."""
        feitos = 0
        while passo := (
            await processar_pendentes(self.sessionmaker, self.triagens, self.settings)
            + await self.remetente.enviar_pendentes()
            + await self.entregador.entregar_pendentes()
        ):
            feitos += passo
        return feitos

    async def rodar(self, intervalo: float = INTERVALO_SEGUNDOS) -> None:
        parar = jobs.ao_acordar(self.acordar)
        try:
            while True:
                self._sinal.clear()
                try:
                    await self.rodada()
                except Exception:  # a failed round must not stop the worker; the next retries
                    logger.exception("rodada do worker falhou")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._sinal.wait(), intervalo)
        finally:
            parar()

    def iniciar(self) -> list[asyncio.Task]:
        """Every loop of the worker, as tasks of the running event loop (cancel to stop)."""
        return [
            asyncio.create_task(self.rodar()),
            asyncio.create_task(sla.rodar_verificacao(self.sessionmaker)),
            asyncio.create_task(compactacao.rodar_compactacao(self.sessionmaker)),
            asyncio.create_task(
                jobs.a_cada(caixa.VERIFICAR_A_CADA_SEGUNDOS, self.ler_caixas, "leitura de e-mail")
            ),
        ]

    async def ler_caixas(self) -> int:
        """The support mailboxes due for a look; what arrived is processed right away."""
        novas = await caixa.ler_caixas(self.sessionmaker, self.settings)
        if novas:
            self.acordar()
        return novas


async def ouvir_avisos(engine, worker: Worker) -> None:
    """PostgreSQL: wake the worker on every NOTIFY the API's commits send (src/core/events.py).
    A lost connection is opened again; meanwhile the rounds every few seconds go on."""
    while True:
        try:
            await _ouvir(engine, worker)
        except Exception:
            logger.exception("conexão de avisos do worker caiu; reabrindo")
        worker.acordar()  # whatever was announced while deaf
        await asyncio.sleep(RECONECTAR_SEGUNDOS)


async def _ouvir(engine, worker: Worker) -> None:
    async with engine.connect() as conexao:
        bruta = (await conexao.get_raw_connection()).driver_connection
        caiu = asyncio.Event()
        bruta.add_termination_listener(lambda _: caiu.set())
        await bruta.add_listener(WORKER_CHANNEL, lambda *_: worker.acordar())
        logger.info("worker ouvindo avisos no canal %s", WORKER_CHANNEL)
        while not caiu.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(caiu.wait(), PING_SEGUNDOS)
            await bruta.execute("SELECT 1")  # a silent network drop shows up here


async def executar(settings: Settings) -> None:
    """`atendimento worker`: the worker on its own, until SIGTERM or SIGINT."""
    handlers.registrados()
    engine = create_engine(settings)
    sessionmaker = create_sessionmaker(engine)
    await jobs.start()
    triagem = TriageSettings().triage_config(production=settings.is_production)
    triagens = TriagemPorEmpresa(await run_in_threadpool(Triador.build, triagem))
    http = cliente_http(settings.permitir_destinos_privados)
    worker = Worker(sessionmaker, settings, triagens, http)
    tarefas = worker.iniciar()
    if engine.dialect.name == "postgresql":
        tarefas.append(asyncio.create_task(ouvir_avisos(engine, worker)))
    parar = asyncio.Event()
    laco = asyncio.get_running_loop()
    for sinal in (signal.SIGTERM, signal.SIGINT):
        laco.add_signal_handler(sinal, parar.set)
    logger.info("worker pronto: %s", engine.dialect.name)
    try:
        await parar.wait()
    finally:
        for tarefa in tarefas:
            tarefa.cancel()
        await asyncio.gather(*tarefas, return_exceptions=True)
        await jobs.stop()
        await http.aclose()
        await triagens.close()
        await engine.dispose()
        logger.info("worker parado")
