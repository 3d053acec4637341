"""Development tool: drop every table and migrate again from scratch.

    python reset_db.py         # asks for confirmation (needs a terminal)
    python reset_db.py --sim   # no question (also --yes), e.g. in scripts and CI

Refuses to run when APP_ENV=production.
"""

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from src.core import migrations
from src.core.cli_errors import DEBUG_HELP, USAGE_EXIT_CODE, CliError, FriendlyCommand, set_debug
from src.core.config import get_settings

app = typer.Typer(add_completion=False)


def _command_with_confirmation() -> str:
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):  # `.venv/bin/python` reads better than a full path
        python = python.relative_to(Path.cwd())
    return f"{python} reset_db.py --sim"


def _confirmed(target: str) -> bool:
    if not sys.stdin.isatty():
        raise CliError(
            "sem terminal para confirmar que TODOS os dados serão apagados. Para confirmar "
            f"sem pergunta, rode: {_command_with_confirmation()}",
            USAGE_EXIT_CODE,
        )
    answer = typer.prompt(
        f"Apagar TODOS os dados de {target}? [s/N]", default="", show_default=False
    )
    return answer.strip().lower() in {"s", "sim"}


@app.command(cls=FriendlyCommand, help="Apaga e recria o banco de desenvolvimento.")
def reset(
    sim: Annotated[
        bool, typer.Option("--sim", "--yes", help="Confirma sem perguntar (sem terminal).")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    set_debug(debug)
    settings = get_settings()
    if settings.is_production:
        raise CliError("reset_db.py não roda com APP_ENV=production (recusado).", USAGE_EXIT_CODE)
    if not sim and not _confirmed(settings.database_url.split("@")[-1]):
        typer.echo("Nada foi alterado.")
        raise typer.Exit(1)
    migrations.downgrade(settings, "base")
    migrations.upgrade(settings)
    typer.echo("Banco recriado pelas migrações.")


def main() -> None:
    os.environ.setdefault("PYTHONUTF8", "1")
    app(prog_name="reset_db.py")


if __name__ == "__main__":
    main()
