"""Run wrk with one of the Lua scenarios and read the JSON summary line it prints."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

LUA_DIR = Path(__file__).resolve().parent / "lua"
_MARKER = "BENCH_JSON "


@dataclass(frozen=True, slots=True)
class WrkResult:
    requests: int
    duration_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    socket_errors: int
    status_errors: int
    created: int
    # CPU milliseconds per request in the gunicorn workers and in PostgreSQL (filled by run.py).
    app_cpu_ms: float = 0.0
    db_cpu_ms: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        return self.socket_errors + self.status_errors


def parse_output(output: str) -> WrkResult:
    """The summary that lua/common.lua writes; wrk's own text report is ignored."""
    for line in output.splitlines():
        if line.startswith(_MARKER):
            data = json.loads(line.removeprefix(_MARKER))
            break
    else:
        raise ValueError(f"wrk não imprimiu o resumo esperado:\n{output[-2000:]}")
    socket_errors = sum(data[f"errors_{kind}"] for kind in ("connect", "read", "write", "timeout"))
    return WrkResult(
        requests=data["requests"],
        duration_s=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        socket_errors=socket_errors,
        status_errors=data["errors_status"],
        created=data["created"],
    )


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk não encontrado: instale com `apt-get install -y wrk`")
    return path


def run(
    url: str,
    script: str,
    args: list[str],
    *,
    connections: int,
    duration_s: float,
    threads: int,
) -> WrkResult:
    assert url.startswith("http://127.0.0.1:"), "o benchmark só fala com a própria máquina"
    command = [
        require_wrk(),
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{max(1, round(duration_s))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
        url,
        "--",
        *args,
    ]
    # cwd: Lua's require("common") looks in the current directory.
    completed = subprocess.run(  # noqa: S603
        command,
        cwd=LUA_DIR,
        capture_output=True,
        text=True,
        timeout=duration_s + 60,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk falhou ({completed.returncode}): {completed.stderr[-2000:]}")
    return parse_output(completed.stdout)
