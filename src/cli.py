"""`atendimento` command line: serve, database migrations and admin tasks."""

import asyncio
import os
from typing import Annotated

import typer

from src.core import migrations
from src.core.config import get_settings

app = typer.Typer(help="Central de Atendimento: utilitários de operação.", no_args_is_help=True)
db_app = typer.Typer(help="Migrações do banco (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Aplica as migrações até REVISION (padrão: head)."""
    migrations.upgrade(get_settings(), revision)


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument()]) -> None:
    """Desfaz migrações até REVISION (ex.: -1 ou base)."""
    migrations.downgrade(get_settings(), revision)


@db_app.command("current")
def db_current() -> None:
    """Mostra a revisão aplicada no banco."""
    migrations.current(get_settings())


ADMIN_PASSWORD_ENV = "ADMIN_PASSWORD"  # noqa: S105  (a variable name, not a secret)


@app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Option(prompt="Usuário", help="Nome de usuário do admin")],
    email: Annotated[str, typer.Option(prompt="E-mail", help="E-mail do admin")],
) -> None:
    """Cria uma conta de administrador (o primeiro admin em produção vem daqui).

    A senha vem da variável ADMIN_PASSWORD ou é pedida sem eco no terminal.
    """
    from pydantic import ValidationError

    from src.auth.bootstrap import create_admin_account
    from src.auth.schemas import SignupRequest
    from src.core.errors import AppError

    password = os.environ.get(ADMIN_PASSWORD_ENV) or typer.prompt(
        "Senha", hide_input=True, confirmation_prompt=True
    )
    try:
        data = SignupRequest(username=username, email=email, password=password)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        typer.echo(f"Dados inválidos: {problems}", err=True)
        raise typer.Exit(code=2) from exc
    try:
        asyncio.run(create_admin_account(get_settings(), data))
    except AppError as exc:
        typer.echo(f"Erro: {exc.detail}", err=True)
        raise typer.Exit(code=1) from exc
    typer.echo(f"Administrador {data.username!r} criado.")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Padrão: APP_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Padrão: PORT/APP_PORT")] = None,
    reload: Annotated[bool, typer.Option(help="Recarregar ao editar o código")] = False,
    migrate: Annotated[bool, typer.Option(help="Aplicar migrações antes de subir")] = True,
) -> None:
    """Sobe a API com uvicorn (desenvolvimento). Em produção use gunicorn (startup.sh)."""
    import uvicorn

    settings = get_settings()
    if migrate:
        migrations.upgrade(settings)
    uvicorn.run(
        "src.main:app",
        host=host or settings.app_host,
        port=port or settings.app_port,
        reload=reload,
        log_level=settings.log_level.lower(),
    )


def _mount_optional_apps() -> None:
    try:
        from src.triage.cli import app as triage_app
    except ImportError:  # the triage CLI ships with the learned backend
        return
    app.add_typer(triage_app, name="triage")


_mount_optional_apps()


def main() -> None:
    os.environ.setdefault("PYTHONUTF8", "1")
    app()


if __name__ == "__main__":
    main()
