"""Regenerates the measured table in docs/triage.md (`atendimento triage report`).

Runs the four reference evaluations on ../shared/data/intents plus a start-up probe
(load time and RSS of a fresh process that builds the default Triador) and rewrites the
section between the BEGIN/END markers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from src.triage.evaluation.evaluate import (
    EvalReport,
    build_config,
    evaluate,
    evaluate_loo,
    read_labelled,
    sample_shots,
)

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "intents"
DEFAULT_DOC = REPO_ROOT / "docs" / "triage.md"
BEGIN, END = "<!-- triage-eval:begin -->", "<!-- triage-eval:end -->"

PROBE = """
import json, time
t0 = time.perf_counter()
from src.triage import Triador, TriageConfig
t = Triador.build(TriageConfig(backend={backend!r}))
ready = time.perf_counter() - t0
t.classify("segunda via boleto")
status = dict(l.split(":", 1) for l in open("/proc/self/status") if l.startswith("Vm"))
mb = lambda k: int(status[k].split()[0]) / 1024
print(json.dumps({{"ready_s": ready, "rss_mb": mb("VmRSS"), "peak_rss_mb": mb("VmHWM")}}))
"""


@dataclass(frozen=True, slots=True)
class Scenario:
    nome: str
    train: tuple[str, ...]
    test: tuple[str, ...] | None
    cols: tuple[str, str, str]
    shots: int | None = None
    loo: bool = False


CREDSYSTEM = ("intent", "service_name", ";")
BANKING = ("text", "category", ",")
SCENARIOS = (
    Scenario(
        "Credsystem pt-BR: treino → teste",
        ("credsystem-ptbr", "intents_pre_loaded.csv"),
        ("credsystem-ptbr", "extra_intents.csv"),
        CREDSYSTEM,
    ),
    Scenario(
        "Credsystem pt-BR: leave-one-out (93)",
        ("credsystem-ptbr", "intents_pre_loaded.csv"),
        None,
        CREDSYSTEM,
        loo=True,
    ),
    Scenario(
        "Banking77 (en): 10 exemplos/rótulo",
        ("banking77", "train.csv"),
        ("banking77", "test.csv"),
        BANKING,
        shots=10,
    ),
    Scenario(
        "Banking77 (en): treino completo",
        ("banking77", "train.csv"),
        ("banking77", "test.csv"),
        BANKING,
    ),
)


def run_scenario(scenario: Scenario, data: Path, backend: str, seed: int = 42) -> EvalReport:
    config = build_config(backend, None, None)
    text_col, label_col, sep = scenario.cols
    train = read_labelled(data.joinpath(*scenario.train), text_col, label_col, sep)
    if scenario.shots:
        train = sample_shots(train, scenario.shots, seed)
    if scenario.loo:
        return evaluate_loo(config, train)
    test = read_labelled(data.joinpath(*scenario.test), text_col, label_col, sep)
    return evaluate(config, train, test)


def startup_probe(backend: str) -> dict:
    """Load time and RSS of a fresh interpreter that builds the default Triador."""
    code = PROBE.format(backend=backend)
    out = subprocess.run(  # noqa: S603 - our own interpreter running our own probe
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pct(value: float | None) -> str:
    return "n/d" if value is None else f"{value * 100:.1f}%"


def render(rows: list[tuple[Scenario, EvalReport]], probe: dict, backend: str) -> str:
    config = build_config(backend, None, None)
    lines = [
        f"Backend `{backend}`, limiares padrão: confiança ≥ {config.min_confidence}, "
        f"margem ≥ {config.min_margin}.",
        "",
        "| conjunto | n | acurácia | macro-F1 | precisão resp. automática | cobertura automática "
        "| p50 ms | p99 ms | ajuste s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scenario, r in rows:
        lines.append(
            f"| {scenario.nome} | {r.n} | {_pct(r.accuracy)} | {_pct(r.macro_f1)} "
            f"| {_pct(r.auto_precision)} | {_pct(r.auto_coverage)} | {r.p50_ms:.2f} "
            f"| {r.p99_ms:.2f} | {r.fit_s:.2f} |"
        )
    lines += [
        "",
        f"Processo novo com o catálogo do produto: pronto em {probe['ready_s']:.2f} s, "
        f"RSS {probe['rss_mb']:.0f} MB (pico {probe['peak_rss_mb']:.0f} MB).",
    ]
    return "\n".join(lines)


def replace_section(doc: Path, body: str) -> None:
    text = doc.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"marcadores {BEGIN} / {END} não encontrados em {doc}")
    doc.write_text(text[: start + len(BEGIN)] + "\n" + body + "\n" + text[end:], encoding="utf-8")


def update_doc(
    data: Path = DEFAULT_DATA,
    doc: Path = DEFAULT_DOC,
    backend: str = "local",
    skip_full: bool = False,
    dry_run: bool = False,
) -> str:
    """Run the scenarios and the probe; rewrite `doc`'s section unless `dry_run`."""
    rows = []
    for scenario in SCENARIOS:
        full_banking = scenario.shots is None and scenario.test and "banking77" in scenario.train[0]
        if skip_full and full_banking:
            continue
        print(f"… {scenario.nome}", file=sys.stderr, flush=True)
        rows.append((scenario, run_scenario(scenario, data, backend)))
    body = render(rows, startup_probe(backend), backend)
    if not dry_run:
        replace_section(doc, body)
    return body
