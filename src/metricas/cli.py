"""`atendimento metricas ...`: upkeep of the métricas (src/cli.py mounts `app`)."""

import asyncio

import typer

from src.core.cli_errors import FriendlyGroup
from src.core.config import Settings, get_settings
from src.core.database import create_engine, create_sessionmaker
from src.core.tenancy import bind_all_empresas
from src.metricas.cubo_repository import reconstruir_sessao
from src.metricas.repository import ContadorRepository

app = typer.Typer(help="Métricas de atendimento.", no_args_is_help=True, cls=FriendlyGroup)


@app.callback()
def _root() -> None:
    """Métricas de atendimento."""


async def reconstruir_tudo(settings: Settings) -> None:
    """Recount every empresa's counters and daily rows from its chamados, in one transaction."""
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            bind_all_empresas(session)
            await ContadorRepository(session).rebuild()
            await reconstruir_sessao(session)
    finally:
        await engine.dispose()


@app.command("reconstruir")
def reconstruir_command() -> None:
    """Recalcula as métricas a partir dos chamados (depois de uma carga feita por fora da API)."""
    asyncio.run(reconstruir_tudo(get_settings()))
    typer.echo("Métricas recalculadas a partir dos chamados.")
