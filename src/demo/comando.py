"""The CLI side of the demo: engine, triage and jobs up, the load, everything down."""

from starlette.concurrency import run_in_threadpool

from src import handlers
from src.core import jobs
from src.core.config import Settings
from src.core.database import create_engine, create_sessionmaker
from src.demo.carga import ResumoDemo, carregar
from src.triage.config import TriageSettings
from src.triage.por_empresa import TriagemPorEmpresa
from src.triage.runtime.pipeline import Triador


async def executar(settings: Settings, clientes: int, senha: str | None) -> ResumoDemo:
    handlers.registrados()
    engine = create_engine(settings)
    await jobs.start()
    triagem = TriageSettings().triage_config(production=settings.is_production)
    triagens = TriagemPorEmpresa(await run_in_threadpool(Triador.build, triagem))
    try:
        return await carregar(create_sessionmaker(engine), triagens, clientes=clientes, senha=senha)
    finally:
        await jobs.stop()
        await triagens.close()
        await engine.dispose()
