"""`atendimento kb ...`: the knowledge base's commands (src/cli.py mounts `app`)."""

from pathlib import Path
from typing import Annotated

import typer

from src.core.cli_errors import CliError, FriendlyGroup
from src.kb import artigos_md, avaliacao
from src.kb.busca import PESO_SEMANTICO

app = typer.Typer(help="Base de conhecimento.", no_args_is_help=True, cls=FriendlyGroup)


@app.callback()
def _root() -> None:
    """Base de conhecimento."""


@app.command("eval")
def eval_command(
    arquivo: Annotated[
        Path, typer.Option(help="CSV com as colunas pergunta,artigo (o título do artigo)")
    ] = avaliacao.DEV,
    artigos: Annotated[
        Path, typer.Option(help="Pasta dos artigos em Markdown com cabeçalho YAML")
    ] = artigos_md.DEMO,
    varrer: Annotated[
        bool, typer.Option(help="Mede o híbrido com pesos semânticos de 0,1 a 1")
    ] = False,
) -> None:
    """Mede a busca (recall@1, recall@5, MRR): só texto, só semântica e híbrida."""
    from src.triage.runtime.encoder import EncoderUnavailableError, SentenceEncoder

    try:
        perguntas = avaliacao.ler_perguntas(arquivo)
        base = artigos_md.ler(artigos)
    except (OSError, ValueError) as exc:
        raise CliError(f"Não foi possível ler os dados: {exc}") from exc
    try:
        encoder = SentenceEncoder.load()
    except (EncoderUnavailableError, OSError):
        typer.echo("Encoder ausente (atendimento triage build-model): só a busca por texto.")
        encoder = None
    pesos = tuple(p / 10 for p in range(1, 11)) if varrer else (PESO_SEMANTICO,)
    try:
        medidas = avaliacao.medir(perguntas, base, encoder, pesos)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    typer.echo(avaliacao.tabela(medidas))
