"""`python reset_db.py` (and `make reset-db`), and `atendimento db reset`, without a terminal."""

import sqlite3
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PRODUCAO = {
    "APP_ENV": "production",
    "SECRET_KEY": "k" * 40,
    "CHAVE_SEGREDOS": Fernet.generate_key().decode(),
}

ROOT = Path(__file__).resolve().parents[2]


def _run(command: list[str], tmp_path: Path, extra_env: dict[str, str] | None = None):
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.db'}",
        **(extra_env or {}),
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and entry points
        [sys.executable, *command],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,  # not a terminal, as under `make` in CI or a pipe
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _reset_db(tmp_path: Path, *args: str, extra_env: dict[str, str] | None = None):
    return _run([str(ROOT / "reset_db.py"), *args], tmp_path, extra_env)


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as database:
        return {name for (name,) in database.execute("SELECT name FROM sqlite_master")}


def _mark(path: Path) -> None:
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE marca (id INTEGER)")


def test_without_a_terminal_it_says_how_to_confirm_and_changes_nothing(tmp_path):
    _mark(tmp_path / "dev.db")
    result = _reset_db(tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "--sim" in lines[0]
    assert "marca" in _tables(tmp_path / "dev.db")


def test_the_confirmation_flag_recreates_the_database(tmp_path):
    result = _reset_db(tmp_path, "--sim")
    assert result.returncode == 0, result.stderr
    assert "chamados" in _tables(tmp_path / "dev.db")
    assert _reset_db(tmp_path, "--yes").returncode == 0  # the old spelling still works


def test_database_errors_are_one_line(tmp_path):
    result = _reset_db(
        tmp_path, "--sim", extra_env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"}
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "127.0.0.1:1" in lines[0]


def test_refused_in_production(tmp_path):
    result = _reset_db(
        tmp_path,
        "--sim",
        extra_env={**PRODUCAO},
    )
    assert result.returncode != 0
    assert "APP_ENV=production" in result.stderr


def _atendimento(tmp_path: Path, *args: str, extra_env: dict[str, str] | None = None):
    return _run(["-m", "src.cli", "db", "reset", *args], tmp_path, extra_env)


def test_atendimento_db_reset_asks_the_same_way(tmp_path):
    _mark(tmp_path / "dev.db")
    result = _atendimento(tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "db reset --sim" in lines[0]
    assert "marca" in _tables(tmp_path / "dev.db")


def test_atendimento_db_reset_recreates_the_database(tmp_path):
    result = _atendimento(tmp_path, "--sim")
    assert result.returncode == 0, result.stderr
    assert "chamados" in _tables(tmp_path / "dev.db")
    assert _atendimento(tmp_path, "--yes").returncode == 0


def test_atendimento_db_reset_is_refused_in_production(tmp_path):
    result = _atendimento(
        tmp_path,
        "--sim",
        extra_env={**PRODUCAO},
    )
    assert result.returncode != 0
    assert "APP_ENV=production" in result.stderr
