"""User mistakes on the command line end with one pt-BR line on stderr, never a traceback.

Each case runs the real entry point in a subprocess with a clean environment (no `.env`,
no inherited settings), as a new user would meet it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from src import cli

ROOT = Path(__file__).resolve().parents[2]
STRONG_SECRET = "uma-chave-de-teste-com-mais-de-trinta-e-dois-caracteres"
UNREACHABLE_POSTGRES = "postgresql://postgres@127.0.0.1:1/x"


def _clean_env(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env.update(
        PYTHONPATH=str(ROOT),
        DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}",
        COLUMNS="200",  # no wrapping: "one line" must not depend on the terminal width
    )
    env.update(extra)
    return env


def _run(
    tmp_path: Path, command: list[str], env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and entry points
        [sys.executable, *command],
        cwd=tmp_path,
        env=_clean_env(tmp_path, env or {}),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def atendimento(tmp_path: Path, *args: str, env: dict[str, str] | None = None, stdin: str = ""):
    return _run(tmp_path, ["-m", "src.cli", *args], env, stdin)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The failure is exactly one line on stderr and a non-zero exit code."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def create_admin(tmp_path: Path, env: dict[str, str] | None = None):
    env = {"ADMIN_PASSWORD": "senha-do-admin-1", **(env or {})}
    return atendimento(
        tmp_path, "create-admin", "--username", "raiz", "--email", "raiz@empresa.com.br", env=env
    )


def test_create_admin_before_migrations_says_to_run_db_upgrade(tmp_path):
    line = one_line(create_admin(tmp_path))
    assert "atendimento db upgrade" in line
    assert "no such table" not in line


@pytest.mark.parametrize("command", [["db", "upgrade"], ["create-admin"]])
def test_unreachable_postgres_names_the_server_and_the_setting(tmp_path, command):
    env = {"DATABASE_URL": UNREACHABLE_POSTGRES}
    if command == ["create-admin"]:
        result = create_admin(tmp_path, env)
    else:
        result = atendimento(tmp_path, *command, env=env)
    line = one_line(result)
    assert "127.0.0.1:1" in line
    assert "DATABASE_URL" in line
    assert "conectar" in line


@pytest.mark.parametrize("secret", [None, "curta"])
def test_production_without_a_strong_secret_key(tmp_path, secret):
    env = {"APP_ENV": "production"} | ({"SECRET_KEY": secret} if secret else {})
    line = one_line(atendimento(tmp_path, "db", "current", env=env))
    assert "SECRET_KEY" in line
    assert "secrets.token_urlsafe" in line  # how to make one
    assert "Value error" not in line


def test_unsupported_database_scheme(tmp_path):
    line = one_line(atendimento(tmp_path, "db", "current", env={"DATABASE_URL": "mysql://u@h/d"}))
    assert "mysql" in line
    assert "postgresql://" in line  # what is supported instead


def test_triage_eval_with_wrong_csv_columns(tmp_path):
    (tmp_path / "rotulado.csv").write_text("frase,classe\nquero meu boleto,boleto\n")
    args = ["triage", "eval", "--train", "rotulado.csv", "--loo", "--backend", "keywords"]
    line = one_line(atendimento(tmp_path, *args))
    assert "--text-col" in line
    assert "frase" in line  # the columns the file does have


def test_triage_eval_with_a_missing_file(tmp_path):
    args = ["triage", "eval", "--train", "nao-existe.csv", "--loo", "--backend", "keywords"]
    line = one_line(atendimento(tmp_path, *args))
    assert "nao-existe.csv" in line
    assert "não encontrado" in line


def test_short_admin_password_is_explained_in_portuguese(tmp_path):
    result = create_admin(tmp_path, {"ADMIN_PASSWORD": "curta"})
    line = one_line(result)
    assert result.returncode == 2
    assert "pelo menos 8" in line
    assert "String should" not in line


def test_usage_mistakes_are_in_portuguese(tmp_path):
    unknown = one_line(atendimento(tmp_path, "criar-admin"))
    assert "comando desconhecido" in unknown
    assert "--help" in unknown
    missing = one_line(atendimento(tmp_path, "triage", "eval"))
    assert "--train" in missing
    assert "Missing option" not in missing


@pytest.mark.parametrize(
    ("flag", "env"),
    [
        (["--debug"], {}),
        ([], {"LOG_LEVEL": "DEBUG"}),
        ([], {"APP_DEBUG": "true"}),
    ],
)
def test_debug_shows_the_full_traceback(tmp_path, flag, env):
    result = atendimento(tmp_path, *flag, "db", "current", env={"APP_ENV": "production", **env})
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_a_broken_cli_module_still_fails_loudly(tmp_path):
    # A None entry in sys.modules makes `import src.triage.evaluation.evaluate` raise ImportError.
    code = (
        "import sys; sys.modules['src.triage.evaluation.evaluate'] = None; "
        "from src.cli import main; main()"
    )
    result = _run(tmp_path, ["-c", code, "triage", "--help"])
    assert result.returncode != 0
    assert "src.triage.evaluation.evaluate" in result.stderr
    assert "No such command" not in result.stderr


def test_serve_help_still_works(tmp_path):
    result = atendimento(tmp_path, "serve", "--help")
    assert result.returncode == 0, result.stderr
    assert "--migrate" in result.stdout


def test_password_prompts_are_in_portuguese(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    result = CliRunner().invoke(
        cli.app,
        ["create-admin", "--username", "raiz", "--email", "raiz@empresa.com.br"],
        input="senha-do-admin-1\noutra-senha-123\n",
    )
    assert result.exit_code != 0
    assert "Repita a senha para confirmar" in result.output
    assert "não conferem" in result.output
    assert "Repeat for confirmation" not in result.output
    assert "do not match" not in result.output


def test_create_admin_without_a_terminal_asks_for_admin_password(tmp_path):
    result = atendimento(
        tmp_path, "create-admin", "--username", "raiz", "--email", "raiz@empresa.com.br"
    )
    line = one_line(result)
    assert "ADMIN_PASSWORD" in line
