"""Command-line failures as one pt-BR line on stderr (what is wrong, what to do), never a
traceback, unless the user asked for one (`--debug`, LOG_LEVEL=DEBUG or APP_DEBUG=true).

The Typer apps use `FriendlyGroup`/`FriendlyCommand` as their Click class: the handling then
covers the console script, `python -m`, `reset_db.py` and `CliRunner` alike.
"""

from __future__ import annotations

import errno
import functools
import socket
import sys
import traceback
from collections.abc import Callable, Iterable
from difflib import get_close_matches
from typing import Any

import typer
from pydantic import ValidationError
from pydantic_settings import BaseSettings

# Typer 0.29 carries its own copy of Click: its exceptions are not the `click` package's.
from typer._click.core import Context
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperCommand, TyperGroup

from src.core.config import Settings
from src.core.errors import AppError, describe_validation_errors

USAGE_EXIT_CODE = 2
FAILURE_EXIT_CODE = 1
DEBUG_HINT = "Rode de novo com --debug para ver o rastreamento completo."
DEBUG_HELP = "Mostra o rastreamento completo (traceback) dos erros."
# A command that prints a new key, not a key.
SECRET_KEY_RECIPE = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'  # noqa: S105
SUPPORTED_DATABASE_URLS = (
    "sqlite:///caminho/arquivo.db ou postgresql://usuario:senha@host:5432/banco"
)


class CliError(Exception):
    """A failure whose pt-BR message (what is wrong, what to do) is all the user should read."""

    def __init__(self, message: str, exit_code: int = FAILURE_EXIT_CODE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


# Exception types raised with a pt-BR message, and what to do about each (see `explain`).
_EXPLAINED: dict[type[BaseException], str] = {}


def explain(exc_type: type[BaseException], hint: str) -> None:
    """Show `exc_type`'s own (pt-BR) message plus `hint` instead of a traceback."""
    _EXPLAINED[exc_type] = hint


# --- debug switch ---------------------------------------------------------------------------

_state = {"debug": False}


def set_debug(value: bool) -> None:
    """The global `--debug` flag (a Typer callback parameter) lands here."""
    _state["debug"] = _state["debug"] or value


class _DebugSettings(BaseSettings):
    # The same sources as Settings (environment, then `.env`) but only the two switches, so
    # they still work when the rest of the configuration is what failed.
    model_config = Settings.model_config
    app_debug: bool = False
    log_level: str = "INFO"


def debug_enabled() -> bool:
    if _state["debug"]:
        return True
    try:
        flags = _DebugSettings()
    except ValidationError:
        return False
    return flags.app_debug or flags.log_level.strip().upper() == "DEBUG"


# --- Click classes --------------------------------------------------------------------------


class _FriendlyMain:
    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        call = functools.partial(
            super().main,  # type: ignore[misc]
            args=args,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=False,
            **extra,
        )
        if not standalone_mode:
            return call()
        sys.exit(run_friendly(call))


class FriendlyGroup(_FriendlyMain, TyperGroup):
    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        unknown = name and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            raise UsageError(_unknown_command(name, self.list_commands(ctx)), ctx)
        return super().resolve_command(ctx, args)


class FriendlyCommand(_FriendlyMain, TyperCommand):
    pass


def run_friendly(call: Callable[[], Any]) -> int:
    """Run a Click entry point (non-standalone) and turn every failure into an exit code."""
    _state["debug"] = False
    try:
        result = call()
    except NoArgsIsHelpError as exc:
        exc.show()  # the help, as Typer shows it
        return exc.exit_code
    except ClickException as exc:
        _say(usage_message(exc))
        return exc.exit_code
    except typer.Abort:
        _say(
            "operação cancelada: faltou uma resposta. Sem terminal, passe os valores por "
            "opções (veja --help)."
        )
        return FAILURE_EXIT_CODE
    except Exception as exc:
        if debug_enabled():
            traceback.print_exc()
            return FAILURE_EXIT_CODE
        message, code = describe(exc)
        _say(message)
        return code
    return result if isinstance(result, int) else 0


def _say(message: str) -> None:
    # One line, whatever the parts held, and always the same start so scripts can grep it.
    typer.echo("Erro: " + " ".join(message.split()), err=True)


# --- usage mistakes (Click) -----------------------------------------------------------------


def _unknown_command(name: str, commands: Iterable[str]) -> str:
    close = get_close_matches(name, list(commands), n=1)
    suggestion = f" Você quis dizer {close[0]!r}?" if close else ""
    return f"comando desconhecido: {name!r}.{suggestion}"


def _param_hint(exc: BadParameter) -> str:
    hint = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint()
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint or "").replace("'", "")


def _bad_value(exc: BadParameter) -> str:
    descriptor = getattr(exc.param, "type_descriptor", None)
    if getattr(descriptor, "is_choice", False):
        return "use um de: " + ", ".join(str(choice) for choice in descriptor.choices or ())
    # Typer checks values with pydantic: its (English) error is the cause.
    if isinstance(exc.__cause__, ValidationError):
        described = describe_validation_errors(list(exc.__cause__.errors()))
        return "; ".join(error["mensagem"].rstrip(".") for error in described)
    return exc.message.rstrip(".")


def usage_message(exc: ClickException) -> str:
    if isinstance(exc, NoSuchOption):
        close = f" Você quis dizer {exc.possibilities[0]}?" if exc.possibilities else ""
        text = f"opção desconhecida: {exc.option_name}.{close}"
    elif isinstance(exc, MissingParameter):
        text = f"falta informar {_param_hint(exc)}."
    elif isinstance(exc, BadParameter):
        hint = _param_hint(exc)
        text = f"valor inválido para {hint}: {_bad_value(exc)}." if hint else f"{exc.message}."
    elif exc.message == "Missing command.":
        text = "falta o comando."
    else:
        text = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, UsageError) and ctx is not None:
        text += f" Veja `{ctx.command_path} --help`."
    return text


# --- runtime failures -----------------------------------------------------------------------


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _raised_by_database_driver(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        if module.split(".")[0] in {"asyncpg", "sqlalchemy", "aiosqlite", "alembic"}:
            return True
        tb = tb.tb_next
    return False


def _database_target() -> str:
    from sqlalchemy.engine import make_url

    from src.core.config import get_settings

    try:
        url = make_url(get_settings().database_url)
    except Exception:  # the settings are not the problem being reported here
        return "DATABASE_URL"
    if url.drivername.startswith("sqlite"):
        return url.database or ":memory:"
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def _sqlstate(chain: list[BaseException]) -> str | None:
    for item in chain:
        state = getattr(item, "sqlstate", None) or getattr(item, "pgcode", None)
        if isinstance(state, str):
            return state
    return None


_NETWORK_REASONS: tuple[tuple[type[BaseException], str], ...] = (
    (ConnectionRefusedError, "conexão recusada"),
    (socket.gaierror, "servidor não encontrado"),
    (TimeoutError, "tempo esgotado"),
    (ConnectionError, "conexão interrompida"),
)


def _database_message(exc: BaseException) -> str | None:
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    chain = _chain(exc)
    state = _sqlstate(chain)
    text = " ".join(str(item) for item in chain).lower()
    target = _database_target()
    if "no such table" in text or state == "42P01":
        return (
            f"O banco {target} ainda não tem as tabelas (migrações não aplicadas). "
            "Rode `atendimento db upgrade` e tente de novo."
        )
    if state == "3D000":
        return (
            f"O banco {target} não existe no servidor. Crie-o (ex.: createdb) ou corrija "
            "DATABASE_URL."
        )
    if state in {"28P01", "28000"}:
        return f"O PostgreSQL recusou o usuário ou a senha ({target}). Corrija DATABASE_URL."
    if "unable to open database file" in text:
        return (
            f"Não foi possível abrir o arquivo SQLite {target}. Verifique o caminho e as "
            "permissões em DATABASE_URL."
        )
    for item in chain:
        for network_type, reason in _NETWORK_REASONS:
            if isinstance(item, network_type) and _raised_by_database_driver(item):
                return (
                    f"Não foi possível conectar ao banco em {target} ({reason}). Verifique se o "
                    "servidor está no ar e se DATABASE_URL está certa."
                )
    if any(isinstance(item, (OperationalError, InterfaceError)) for item in chain):
        return (
            f"Falha ao falar com o banco em {target}. Verifique se o servidor está no ar e se "
            f"DATABASE_URL está certa. {DEBUG_HINT}"
        )
    if any(isinstance(item, DBAPIError) for item in chain):
        return f"O banco {target} recusou a operação. {DEBUG_HINT}"
    return None


def _settings_message(exc: ValidationError) -> str:
    problems = []
    for error in describe_validation_errors(list(exc.errors())):
        field = error["campo"].upper()
        message = error["mensagem"]
        problems.append(message if not field or field in message else f"{field} {message}")
    text = "; ".join(problems)
    if "SECRET_KEY" in text:
        hint = f"Gere uma chave com `{SECRET_KEY_RECIPE}` e defina SECRET_KEY"
    elif "DATABASE_URL" in text:
        hint = f"Use {SUPPORTED_DATABASE_URLS} em DATABASE_URL"
    else:
        hint = "Corrija o valor"
    return f"Configuração inválida: {text}. {hint} no ambiente ou no arquivo .env."


def validation_message(exc: ValidationError, labels: dict[str, str] | None = None) -> str:
    """`Dados inválidos: senha deve ter pelo menos 8 caractere(s)` from pydantic's errors."""
    labels = labels or {}
    problems = [
        f"{labels.get(error['campo'], error['campo'])} {error['mensagem']}".strip()
        for error in describe_validation_errors(list(exc.errors()))
    ]
    return f"Dados inválidos: {'; '.join(problems)}."


def _file_message(exc: OSError) -> str | None:
    if exc.filename is None:
        return None
    reasons = {
        errno.ENOENT: "arquivo não encontrado",
        errno.EACCES: "sem permissão de acesso",
        errno.EISDIR: "é uma pasta, não um arquivo",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or "erro de leitura")
    return f"Não foi possível abrir {exc.filename}: {reason}. Confira o caminho."


def describe(exc: BaseException) -> tuple[str, int]:
    """The line (without the "Erro: " start) and exit code for a failure that is not a usage
    mistake."""
    if isinstance(exc, CliError):
        return exc.message, exc.exit_code
    if isinstance(exc, AppError):
        return exc.detail, FAILURE_EXIT_CODE
    if isinstance(exc, ValidationError):
        if exc.title == Settings.__name__:
            return _settings_message(exc), USAGE_EXIT_CODE
        return validation_message(exc), USAGE_EXIT_CODE
    for exc_type, hint in _EXPLAINED.items():
        if isinstance(exc, exc_type):
            return f"{str(exc).rstrip('.')}. {hint}", FAILURE_EXIT_CODE
    database = _database_message(exc)
    if database is not None:
        return database, FAILURE_EXIT_CODE
    if isinstance(exc, OSError) and (message := _file_message(exc)):
        return message, FAILURE_EXIT_CODE
    first_line = (str(exc).strip().splitlines() or [""])[0]
    return (
        f"Erro inesperado ({type(exc).__name__}: {first_line}). {DEBUG_HINT}",
        FAILURE_EXIT_CODE,
    )
