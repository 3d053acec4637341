"""Development tool: drop every table and migrate again from scratch.

    python reset_db.py         # asks for confirmation (needs a terminal)
    python reset_db.py --sim   # no question (also --yes), e.g. in scripts and CI

The same as `atendimento db reset`; kept because the README and `make reset-db` name it.
Refuses to run when APP_ENV=production.
"""

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from src.cli import ConfirmOption, reset_database
from src.core.cli_errors import DEBUG_HELP, FriendlyCommand, set_debug

app = typer.Typer(add_completion=False)


def _shown_command() -> str:
    python = Path(sys.executable)
    with contextlib.suppress(ValueError):  # `.venv/bin/python` reads better than a full path
        python = python.relative_to(Path.cwd())
    return f"{python} reset_db.py"


@app.command(cls=FriendlyCommand, help="Apaga e recria o banco de desenvolvimento.")
def reset(
    sim: ConfirmOption = False,
    debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False,
) -> None:
    set_debug(debug)
    reset_database(sim, command=_shown_command())


def main() -> None:
    os.environ.setdefault("PYTHONUTF8", "1")
    app(prog_name="reset_db.py")


if __name__ == "__main__":
    main()
