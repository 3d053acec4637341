"""`atendimento` command line: serve, database migrations and admin tasks (all Typer)."""

import asyncio
import os
import sys
from typing import Annotated

import typer
from alembic.util import CommandError

from src.core import migrations
from src.core.cli_errors import (
    DEBUG_HELP,
    USAGE_EXIT_CODE,
    CliError,
    FriendlyGroup,
    explain,
    set_debug,
)
from src.core.config import get_settings
from src.core.logging import configure_logging
from src.kb.cli import app as kb_app
from src.metricas.cli import app as metricas_app
from src.triage.cli import app as triage_app

app = typer.Typer(
    help="Central de Atendimento: utilitários de operação.",
    no_args_is_help=True,
    cls=FriendlyGroup,
)
db_app = typer.Typer(help="Migrações do banco (Alembic).", no_args_is_help=True, cls=FriendlyGroup)
app.add_typer(db_app, name="db")
app.add_typer(triage_app, name="triage")
app.add_typer(metricas_app, name="metricas")
app.add_typer(kb_app, name="kb")
explain(CommandError, "Confira a revisão (head, -1, base ou a de `atendimento db current`).")


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help=DEBUG_HELP)] = False) -> None:
    """Central de Atendimento: utilitários de operação."""
    set_debug(debug)


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


ConfirmOption = Annotated[
    bool, typer.Option("--sim", "--yes", help="Confirma sem perguntar (sem terminal).")
]


@db_app.command("reset")
def db_reset(ctx: typer.Context, sim: ConfirmOption = False) -> None:
    """Apaga e recria o banco de desenvolvimento (recusa com APP_ENV=production)."""
    reset_database(sim, command=ctx.command_path)


def reset_database(sim: bool, command: str) -> None:
    """Drop every table and migrate again from scratch; `command` is how the user ran it."""
    settings = get_settings()
    if settings.is_production:
        raise CliError(f"{command} não roda com APP_ENV=production (recusado).", USAGE_EXIT_CODE)
    if not sim and not _confirmed(settings.database_url.split("@")[-1], command):
        typer.echo("Nada foi alterado.")
        raise typer.Exit(1)
    migrations.downgrade(settings, "base")
    migrations.upgrade(settings)
    typer.echo("Banco recriado pelas migrações.")


def _confirmed(target: str, command: str) -> bool:
    if not sys.stdin.isatty():
        raise CliError(
            "sem terminal para confirmar que TODOS os dados serão apagados. Para confirmar "
            f"sem pergunta, rode: {command} --sim",
            USAGE_EXIT_CODE,
        )
    answer = typer.prompt(
        f"Apagar TODOS os dados de {target}? [s/N]", default="", show_default=False
    )
    return answer.strip().lower() in {"s", "sim"}


ADMIN_PASSWORD_ENV = "ADMIN_PASSWORD"  # noqa: S105  (a variable name, not a secret)
PASSWORD_ATTEMPTS = 3
# pydantic field -> what the user typed it as.
ADMIN_FIELD_LABELS = {"username": "--username", "email": "--email", "password": "a senha"}


def _ask_password() -> str:
    """Hidden prompt typed twice; Click's own confirmation texts are English."""
    # Without a terminal the prompt cannot hide what is typed (CliRunner swaps sys.stdin).
    if not sys.stdin.isatty() and sys.stdin is sys.__stdin__:
        raise CliError(
            f"sem terminal para digitar a senha. Defina {ADMIN_PASSWORD_ENV} no ambiente e "
            "rode de novo.",
            USAGE_EXIT_CODE,
        )
    for _ in range(PASSWORD_ATTEMPTS):
        password = typer.prompt("Senha", hide_input=True)
        if typer.prompt("Repita a senha para confirmar", hide_input=True) == password:
            return password
        typer.echo("As senhas não conferem; digite de novo.", err=True)
    raise CliError("as senhas digitadas não conferiram. Rode o comando de novo.")


UsernameOption = Annotated[str, typer.Option(prompt="Usuário", help="Nome de usuário do admin")]
EmailOption = Annotated[str, typer.Option(prompt="E-mail", help="E-mail do admin")]


@app.command("create-admin")
def create_admin(
    username: UsernameOption,
    email: EmailOption,
    empresa: Annotated[
        str, typer.Option(help="Slug da empresa da conta (padrão: a empresa padrão)")
    ] = "padrao",
) -> None:
    """Cria uma conta de administrador de uma empresa.

    A senha vem da variável ADMIN_PASSWORD ou é pedida sem eco no terminal.
    """
    _create_admin(username, email, empresa_slug=empresa, superadmin=False)
    typer.echo(f"Administrador {username.strip()!r} criado na empresa {empresa!r}.")


@app.command("create-superadmin")
def create_superadmin(username: UsernameOption, email: EmailOption) -> None:
    """Cria o administrador da plataforma (gerencia empresas; o primeiro em produção vem daqui).

    A conta fica na empresa padrão, como administradora dela. A senha vem da variável
    ADMIN_PASSWORD ou é pedida sem eco no terminal.
    """
    _create_admin(username, email, empresa_slug="padrao", superadmin=True)
    typer.echo(f"Administrador da plataforma {username.strip()!r} criado.")


def _create_admin(username: str, email: str, *, empresa_slug: str, superadmin: bool) -> None:
    from pydantic import ValidationError

    from src.auth.bootstrap import create_admin_account
    from src.auth.exceptions import EmailTakenError, UsernameTakenError
    from src.auth.schemas import SignupRequest
    from src.core.cli_errors import validation_message
    from src.empresas.exceptions import EmpresaNotFoundError

    password = os.environ.get(ADMIN_PASSWORD_ENV) or _ask_password()
    try:
        data = SignupRequest(username=username, email=email, password=password)
    except ValidationError as exc:
        raise CliError(validation_message(exc, ADMIN_FIELD_LABELS), USAGE_EXIT_CODE) from exc
    try:
        asyncio.run(
            create_admin_account(
                get_settings(), data, empresa_slug=empresa_slug, superadmin=superadmin
            )
        )
    except (UsernameTakenError, EmailTakenError) as exc:
        # The API keeps the v1 contract's English text; people at a terminal get pt-BR.
        taken = "nome de usuário" if isinstance(exc, UsernameTakenError) else "e-mail"
        raise CliError(f"Já existe uma conta com esse {taken}; escolha outro.") from exc
    except EmpresaNotFoundError as exc:
        raise CliError(f"Não existe empresa com o slug {empresa_slug!r}.") from exc


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Padrão: APP_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="Padrão: PORT/APP_PORT")] = None,
    reload: Annotated[bool, typer.Option(help="Recarregar ao editar o código")] = False,
    migrate: Annotated[bool, typer.Option(help="Aplicar migrações antes de subir")] = True,
) -> None:
    """Sobe a API com uvicorn (desenvolvimento). Em produção use gunicorn (startup.sh)."""
    import uvicorn

    from src.core.server import uvicorn_options

    settings = get_settings()
    if migrate:
        migrations.upgrade(settings)
    uvicorn.run(
        "src.main:app",
        host=host or settings.app_host,
        port=port or settings.app_port,
        reload=reload,
        log_level=settings.log_level.lower(),
        # Header/body deadlines, the connection cap, no X-Forwarded-For from uvicorn itself.
        **uvicorn_options(settings),
    )


@app.command()
def worker(
    migrate: Annotated[bool, typer.Option(help="Aplicar migrações antes de subir")] = False,
) -> None:
    """Roda o worker sozinho (canais, envios, webhooks, relógio do SLA). Use com
    WORKER_EMBUTIDO=false na API; vários podem rodar lado a lado no PostgreSQL."""
    from src.worker import executar

    settings = get_settings()
    configure_logging(settings.log_level)
    if migrate:
        migrations.upgrade(settings)
    asyncio.run(executar(settings))


@app.command()
def demo(
    clientes: Annotated[int, typer.Option(min=1, max=5000, help="Quantos clientes criar")] = 300,
    migrate: Annotated[bool, typer.Option(help="Aplicar migrações antes")] = True,
) -> None:
    """Cria a empresa de demonstração "demo": planos, clientes com contratos, faturas,
    pagamentos, atendentes e chamados triados. A senha das contas vem de
    ATENDIMENTO_DEMO_SENHA ou é sorteada e mostrada no fim."""
    from src.demo.carga import DemoExistenteError
    from src.demo.comando import executar

    settings = get_settings()
    configure_logging(settings.log_level)
    if migrate:
        migrations.upgrade(settings)
    try:
        resumo = asyncio.run(
            executar(settings, clientes, os.environ.get("ATENDIMENTO_DEMO_SENHA") or None)
        )
    except DemoExistenteError as exc:
        raise CliError(
            "A empresa de demonstração (slug 'demo') já existe neste banco; nada foi alterado."
        ) from exc
    typer.echo(
        f"Empresa de demonstração criada (id {resumo.empresa_id}): {resumo.clientes} clientes, "
        f"{resumo.artigos} artigos, "
        f"{resumo.faturas} faturas, {resumo.pagamentos} pagamentos, {resumo.chamados} chamados."
    )
    typer.echo(f"Entre como {resumo.admin} (admin) com a senha: {resumo.senha}")
    typer.echo(
        "Atendentes: carla.financeiro, rodrigo.financeiro, juliana.suporte, "
        "marcelo.suporte (mesma senha)."
    )


def main() -> None:
    os.environ.setdefault("PYTHONUTF8", "1")
    app()


if __name__ == "__main__":
    main()
