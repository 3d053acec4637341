"""The shipped server configuration against slow clients, on real servers over loopback.

gunicorn runs exactly as startup.sh starts it (gunicorn.conf.py, src.main:app); uvicorn runs as
`atendimento serve` does (uvicorn.run with `uvicorn_options`). Short deadlines come from the
environment so each test takes a few seconds; every socket read is bounded.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from src.core.server import ServerLimits

ROOT = Path(__file__).resolve().parents[2]
READ_BOUND = 15.0  # far above the deadlines below: a socket still open after it is a failure

# Reads its whole body, then says who uvicorn thinks the client is.
ECHO_APP = """
import json

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    while (await receive()).get("more_body"):
        pass
    body = json.dumps({"client": scope["client"][0], "scheme": scope["scheme"]}).encode()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
"""

SERVE = """
import sys, uvicorn
from src.core.server import uvicorn_options
options = uvicorn_options()
if len(sys.argv) > 2:
    options["http"] = sys.argv[2]
uvicorn.run("echo_app:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            **options)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SERVER_", "GUNICORN_", "REDIS_", "FORWARDED_"))
    }
    env.update(
        APP_ENV="test",
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'app.db'}",
        TRIAGE_BACKEND="keywords",
        WEB_CONCURRENCY="1",
        LOG_LEVEL="warning",
        PYTHONPATH=f"{ROOT}{os.pathsep}{tmp_path}",
        **overrides,
    )
    return env


@contextmanager
def _server(command: list[str], env: dict[str, str], port: int, cwd: Path) -> Iterator[int]:
    log = (cwd / f"server-{port}.log").open("w+")
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, gunicorn and test app
        command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        _wait_until_serving(process, port, log)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log.close()


def _wait_until_serving(process: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"o servidor terminou ao iniciar:\n{log.read()}")
        with suppress(OSError):
            status, _, _ = _get(port, "/health")
            if status in (200, 404):
                return
        time.sleep(0.2)
    pytest.fail("o servidor não respondeu em 40 s")


def _gunicorn(tmp_path: Path, app: str = "src.main:app", **env: str):
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", app, "--config", str(ROOT / "gunicorn.conf.py")]
    return _server(command, _environment(tmp_path, PORT=str(port), **env), port, tmp_path)


def _uvicorn(tmp_path: Path, *http: str, **env: str):
    port = _free_port()
    (tmp_path / "echo_app.py").write_text(ECHO_APP)
    command = [sys.executable, "-c", SERVE, str(port), *http]
    return _server(command, _environment(tmp_path, **env), port, tmp_path)


def _get(port: int, path: str, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _open(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=READ_BOUND)
    if data:
        sock.sendall(data)
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends before closing; fails if it keeps the socket open."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        pytest.fail(f"conexão ainda aberta após {READ_BOUND} s (recebido: {received!r})")
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    return received


def _status_and_body(raw: bytes) -> tuple[int, dict]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(body)


PARTIAL_HEADERS = b"GET /health HTTP/1.1\r\nHost: x\r\nX-Lento: "
PARTIAL_BODY = (
    b"POST /auth/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Content-Length: 200\r\n\r\n" + b'{"username": "ana'
)
SHORT = {"SERVER_HEADER_TIMEOUT": "1", "SERVER_BODY_TIMEOUT": "2"}


@pytest.fixture(scope="module")
def production_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    with _gunicorn(tmp_path_factory.mktemp("gunicorn"), **SHORT) as port:
        yield port


def test_unfinished_headers_are_closed_while_others_are_served(production_server):
    slow = [_open(production_server, PARTIAL_HEADERS) for _ in range(50)]
    idle = [_open(production_server, b"") for _ in range(10)]

    assert _get(production_server, "/health")[0] == 200

    for sock in slow:
        status, body = _status_and_body(_read_until_closed(sock))
        assert status == 408
        assert body["code"] == "request_timeout"
        assert "Tempo esgotado" in body["detail"]
    # Nothing was asked on these: they are closed without an answer.
    assert all(_read_until_closed(sock) == b"" for sock in idle)
    assert _get(production_server, "/health")[0] == 200


def test_unfinished_body_is_answered_408_and_closed(production_server):
    slow = [_open(production_server, PARTIAL_BODY) for _ in range(20)]

    assert _get(production_server, "/health")[0] == 200

    for sock in slow:
        status, body = _status_and_body(_read_until_closed(sock))
        assert (status, body["code"]) == (408, "request_timeout")


def test_keep_alive_connection_survives_longer_than_the_header_deadline(production_server):
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    sock = _open(production_server, b"")
    try:
        for _ in range(2):
            sock.sendall(request)
            response = http.client.HTTPResponse(sock)
            response.begin()
            assert response.status == 200
            response.read()
            time.sleep(1.5)  # idle between requests: the keep-alive timeout (5 s) applies
    finally:
        sock.close()


def test_over_the_connection_cap_a_pt_br_503_is_answered(tmp_path):
    env = {"SERVER_LIMIT_CONCURRENCY": "5", "SERVER_HEADER_TIMEOUT": "5"}
    with _gunicorn(tmp_path, **env) as port:
        held = [_open(port, PARTIAL_HEADERS) for _ in range(5)]
        time.sleep(0.5)  # let the worker accept them
        status, headers, raw = _get(port, "/health")
        for sock in held:
            sock.close()
        assert status == 503
        body = json.loads(raw)
        assert body["code"] == "server_busy"
        assert body["detail"] == "Servidor ocupado. Tente novamente em instantes."
        assert headers["retry-after"] == "1"

        deadline = time.monotonic() + 10
        while _get(port, "/health")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _get(port, "/health")[0] == 200


def test_gunicorn_does_not_take_the_client_address_from_x_forwarded_for(tmp_path):
    (tmp_path / "echo_app.py").write_text(ECHO_APP)
    # Even with the old README advice (FORWARDED_ALLOW_IPS=*), uvicorn must not rewrite it.
    with _gunicorn(tmp_path, app="echo_app:app", FORWARDED_ALLOW_IPS="*") as port:
        headers = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
        status, response_headers, body = _get(port, "/", headers)
    assert status == 200
    assert json.loads(body) == {"client": "127.0.0.1", "scheme": "http"}
    assert "server" not in {name.lower() for name in response_headers}


def test_serve_options_do_not_take_the_client_address_from_x_forwarded_for(tmp_path):
    with _uvicorn(tmp_path, FORWARDED_ALLOW_IPS="*") as port:
        status, response_headers, body = _get(port, "/", {"X-Forwarded-For": "203.0.113.9"})
    assert status == 200
    assert json.loads(body)["client"] == "127.0.0.1"
    assert "server" not in {name.lower() for name in response_headers}


@pytest.mark.parametrize("http", ["src.core.server:TimedH11Protocol", None])
def test_serve_closes_slow_clients_with_either_parser(tmp_path, http):
    with _uvicorn(tmp_path, *([http] if http else []), **SHORT) as port:
        slow_headers = [_open(port, PARTIAL_HEADERS) for _ in range(10)]
        slow_body = [_open(port, PARTIAL_BODY.replace(b"/auth/signup", b"/eco")) for _ in range(10)]
        idle = _open(port, b"")

        status, _, body = _get(port, "/")
        assert (status, json.loads(body)["client"]) == (200, "127.0.0.1")

        for sock in slow_headers + slow_body:
            assert _status_and_body(_read_until_closed(sock))[0] == 408
        assert _read_until_closed(idle) == b""


def test_limits_come_from_the_environment_with_safe_defaults():
    assert ServerLimits.from_env({}) == ServerLimits(10.0, 30.0, 1000, 2048)
    limits = ServerLimits.from_env(
        {"SERVER_HEADER_TIMEOUT": "2.5", "SERVER_BODY_TIMEOUT": "60", "SERVER_BACKLOG": "512"}
    )
    assert (limits.header_timeout, limits.body_timeout, limits.backlog) == (2.5, 60.0, 512)
    for name, value in [("SERVER_HEADER_TIMEOUT", "0"), ("SERVER_LIMIT_CONCURRENCY", "muitos")]:
        with pytest.raises(ValueError, match=name):
            ServerLimits.from_env({name: value})


def test_gunicorn_refuses_an_invalid_limit_with_one_line(tmp_path):
    env = _environment(tmp_path, PORT=str(_free_port()), SERVER_HEADER_TIMEOUT="0")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "src.main:app",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
    ]
    result = subprocess.run(  # noqa: S603 - our own interpreter and gunicorn
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "erro: SERVER_HEADER_TIMEOUT inválido ('0'): use segundos ≥ 0.1."
    ]
