"""Tables for the terminal and for docs/performance.md (sections between markers)."""

import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench.wrk import WrkResult

DOC = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    postgres = subprocess.run(
        ["psql", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{os.cpu_count()} núcleos ({cpu}), {mem_kib / 1024 / 1024:.0f} GB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"{postgres or 'PostgreSQL'}; carga média antes de começar "
        f"{' / '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def throughput_table(rows: list[tuple[str, WrkResult, str]], health_rps: float) -> str:
    lines = [
        "| cenário | req/s | p50 (ms) | p99 (ms) | erros | ÷ /health "
        "| CPU/req app (ms) | CPU/req PostgreSQL (ms) | observação |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, result, note in rows:
        ratio = result.rps / health_rps * 100 if health_rps else 0.0
        lines.append(
            f"| `{name}` | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f} | "
            f"{result.errors} | {ratio:.1f}% | {result.app_cpu_ms:.2f} | {result.db_cpu_ms:.2f} "
            f"| {note} |"
        )
    return "\n".join(lines)


def scale_table(rows: list[tuple[str, WrkResult, WrkResult]]) -> str:
    lines = [
        "| endpoint | p50 10k (ms) | p99 10k (ms) | p50 1M (ms) | p99 1M (ms) | 1M ÷ 10k (p50) "
        "| requisições 10k / 1M |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, small, large in rows:
        ratio = large.p50_ms / small.p50_ms if small.p50_ms else 0.0
        lines.append(
            f"| `{name}` | {small.p50_ms:.2f} | {small.p99_ms:.2f} | {large.p50_ms:.2f} | "
            f"{large.p99_ms:.2f} | {ratio:.2f}× | {small.requests} / {large.requests} |"
        )
    return "\n".join(lines)


def replace_section(name: str, body: str, doc: Path = DOC) -> None:
    """Rewrite what lies between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    text = doc.read_text() if doc.exists() else ""
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    doc.write_text(text)
