"""Start the service exactly as production does (startup.sh: migrate, then gunicorn with
uvicorn workers) on a loopback port, watch its workers' memory, and always stop it."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
READY_LINE = "serviço pronto"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{entry}/stat").read_text()
            # Field 4 (after the parenthesised name) is the parent pid.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _status_kib(pid: int, key: str) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    return 0.0


def _postgres_pids() -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if Path(f"/proc/{entry}/comm").read_text().strip() == "postgres":
                    pids.append(int(entry))
    return pids


@dataclass(frozen=True, slots=True)
class CpuSnapshot:
    """CPU seconds used so far by the workers and by every local PostgreSQL process."""

    workers: dict[int, float]
    postgres: dict[int, float]

    def since(self, earlier: "CpuSnapshot") -> tuple[float, float]:
        # Processes that ended in between (a recycled worker) are left out of the figure.
        app = sum(v - earlier.workers.get(pid, 0.0) for pid, v in self.workers.items())
        db = sum(v - earlier.postgres.get(pid, 0.0) for pid, v in self.postgres.items())
        return app, db


@dataclass
class MemoryWatch:
    """Peak RSS (VmHWM) of every worker the master ever had, recycled ones included."""

    master: int
    peaks_kib: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        for pid in _children(self.master):
            peak = _status_kib(pid, "VmHWM")
            if peak is not None:
                self.peaks_kib[pid] = max(peak, self.peaks_kib.get(pid, 0))

    def run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()

    def stop(self) -> None:
        self.sample()
        self._stop.set()

    def peak_mib(self) -> float:
        return max(self.peaks_kib.values(), default=0) / 1024


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    memory: MemoryWatch
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        return _children(self.process.pid)

    def cpu(self) -> CpuSnapshot:
        return CpuSnapshot(
            {pid: _cpu_seconds(pid) for pid in self.workers()},
            {pid: _cpu_seconds(pid) for pid in _postgres_pids()},
        )


def _wait_ready(process: subprocess.Popen, port: int, log_path: Path, workers: int) -> None:
    """Every worker has logged its lifespan start (model loaded) and /health/ready answers."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"o servidor saiu ({process.returncode}); veja {log_path}")
        ready_workers = log_path.read_text(errors="replace").count(READY_LINE)
        if ready_workers >= workers:
            with contextlib.suppress(OSError):
                url = f"http://127.0.0.1:{port}/health/ready"
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
        time.sleep(0.3)
    raise RuntimeError(f"o servidor não ficou pronto em 180 s; veja {log_path}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    # startup.sh execs gunicorn in its own session: signal the whole group, master first.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def running(env: dict[str, str], workers: int, log_path: Path) -> Iterator[Server]:
    port = free_port()
    full_env = {
        **os.environ,
        **env,
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        # Same config file as production; only the interface is narrowed to loopback.
        "GUNICORN_CMD_ARGS": f"--bind 127.0.0.1:{port}",
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            ["bash", str(ROOT / "startup.sh")],  # noqa: S607
            cwd=ROOT,
            env=full_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    memory = MemoryWatch(process.pid)
    watcher = threading.Thread(target=memory.run, daemon=True)
    try:
        _wait_ready(process, port, log_path, workers)
        watcher.start()
        yield Server(process, port, memory, log_path)
    finally:
        memory.stop()
        _stop(process)
