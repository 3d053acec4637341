"""Offline measurement of the triage classifier on labelled CSV files."""

from __future__ import annotations

import csv
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from src.triage.runtime.catalog import Catalog, catalog_from_examples
from src.triage.runtime.local import LocalClassifier, load_encoder
from src.triage.runtime.pipeline import (
    KeywordClassifier,
    Triador,
    TriageConfig,
    Triagem,
    decide,
    rank_message,
)


@dataclass(frozen=True, slots=True)
class LabelledSet:
    textos: list[str]
    rotulos: list[str]


@dataclass(slots=True)
class EvalReport:
    n: int
    accuracy: float
    macro_f1: float
    auto_precision: float | None
    auto_coverage: float
    p50_ms: float
    p99_ms: float
    fit_s: float
    per_label: list[dict] = field(default_factory=list)
    confused_pairs: list[dict] = field(default_factory=list)
    oos_total: int | None = None
    oos_recall: float | None = None

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}


def read_labelled(path: Path, text_col: str, label_col: str, sep: str) -> LabelledSet:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=sep))
    if rows and (text_col not in rows[0] or label_col not in rows[0]):
        raise ValueError(f"{path}: colunas {text_col!r}/{label_col!r} não encontradas")
    rows = [r for r in rows if r[text_col] and r[text_col].strip()]
    return LabelledSet([r[text_col] for r in rows], [r[label_col] for r in rows])


def sample_shots(data: LabelledSet, shots: int, seed: int) -> LabelledSet:
    """N examples per label, reproducible for a given seed."""
    rng = random.Random(seed)  # noqa: S311 - reproducible sampling, not security
    by_label: dict[str, list[int]] = {}
    for i, rotulo in enumerate(data.rotulos):
        by_label.setdefault(rotulo, []).append(i)
    chosen = sorted(i for label in sorted(by_label) for i in _take(rng, by_label[label], shots))
    return LabelledSet([data.textos[i] for i in chosen], [data.rotulos[i] for i in chosen])


def _take(rng: random.Random, items: list[int], n: int) -> list[int]:
    return rng.sample(items, min(n, len(items)))


class EvalTriador:
    """A triador fitted on a labelled file instead of the product catalog."""

    def __init__(self, config: TriageConfig, train: LabelledSet, oos_label: str | None) -> None:
        self.config = config
        textos, rotulos = _without_label(train, oos_label)
        self.catalog: Catalog = catalog_from_examples(textos, rotulos)
        if config.backend == "keywords":
            self.classifier = KeywordClassifier()
        else:
            encoder = _shared_encoder(config)
            self.classifier = LocalClassifier.fit(textos, rotulos, encoder)

    def classify(self, mensagem: str) -> Triagem:
        # The same text preparation as the service (bounded length, nothing-to-classify).
        learned = self.config.backend != "keywords"
        ranking = rank_message(self.classifier, mensagem, self.catalog.fallback, learned)
        return decide(self.catalog, ranking, self.config, self.config.backend)


_ENCODERS: dict[tuple, object] = {}


def _shared_encoder(config: TriageConfig):
    """Load the encoder once per process (leave-one-out refits the head 93 times)."""
    key = (config.model_dir, config.require_encoder)
    if key not in _ENCODERS:
        _ENCODERS[key] = load_encoder(config.model_dir, required=config.require_encoder)
    return _ENCODERS[key]


def _without_label(data: LabelledSet, label: str | None) -> tuple[list[str], list[str]]:
    pairs = [(t, r) for t, r in zip(data.textos, data.rotulos, strict=True) if r != label]
    return [t for t, _ in pairs], [r for _, r in pairs]


def evaluate(
    config: TriageConfig, train: LabelledSet, test: LabelledSet, oos_label: str | None = None
) -> EvalReport:
    started = time.perf_counter()
    triador = EvalTriador(config, train, oos_label)
    fit_s = time.perf_counter() - started
    results, latencies = _classify_all(triador, test.textos)
    return score(test.rotulos, results, latencies, oos_label, fit_s)


def evaluate_loo(config: TriageConfig, data: LabelledSet) -> EvalReport:
    """Leave-one-out: refit without each row, then classify that row."""
    results, latencies, fit_total = [], [], 0.0
    for i in range(len(data.textos)):
        keep = [j for j in range(len(data.textos)) if j != i]
        train = LabelledSet([data.textos[j] for j in keep], [data.rotulos[j] for j in keep])
        started = time.perf_counter()
        triador = EvalTriador(config, train, None)
        fit_total += time.perf_counter() - started
        one, lat = _classify_all(triador, [data.textos[i]])
        results += one
        latencies += lat
    return score(data.rotulos, results, latencies, None, fit_total / max(len(data.textos), 1))


def _classify_all(triador, textos: Sequence[str]) -> tuple[list[Triagem], list[float]]:
    results, latencies = [], []
    for texto in textos:
        started = time.perf_counter()
        results.append(triador.classify(texto))
        latencies.append((time.perf_counter() - started) * 1000)
    return results, latencies


def score(
    gold: Sequence[str],
    results: Sequence[Triagem],
    latencies: Sequence[float],
    oos_label: str | None,
    fit_s: float,
) -> EvalReport:
    in_scope = [i for i, g in enumerate(gold) if g != oos_label]
    pred = [results[i].intencao for i in in_scope]
    true = [gold[i] for i in in_scope]
    auto = [i for i in in_scope if results[i].resolvido_automaticamente]
    auto_ok = sum(results[i].intencao == gold[i] for i in auto)
    per_label = _per_label(true, pred)
    report = EvalReport(
        n=len(in_scope),
        accuracy=_ratio(sum(p == t for p, t in zip(pred, true, strict=True)), len(true)),
        macro_f1=float(np.mean([row["f1"] for row in per_label])) if per_label else 0.0,
        auto_precision=_ratio(auto_ok, len(auto)) if auto else None,
        auto_coverage=_ratio(len(auto), len(in_scope)),
        p50_ms=float(np.percentile(latencies, 50)) if latencies else 0.0,
        p99_ms=float(np.percentile(latencies, 99)) if latencies else 0.0,
        fit_s=fit_s,
        per_label=per_label,
        confused_pairs=_confused(true, pred),
    )
    if oos_label is not None:
        oos = [r for g, r in zip(gold, results, strict=True) if g == oos_label]
        report.oos_total = len(oos)
        handed = sum(not r.resolvido_automaticamente for r in oos)
        report.oos_recall = _ratio(handed, len(oos)) if oos else None
    return report


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _per_label(true: Sequence[str], pred: Sequence[str]) -> list[dict]:
    rows = []
    for label in sorted(set(true)):
        tp = sum(t == label and p == label for t, p in zip(true, pred, strict=True))
        fp = sum(t != label and p == label for t, p in zip(true, pred, strict=True))
        fn = sum(t == label and p != label for t, p in zip(true, pred, strict=True))
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = _ratio(2 * precision * recall, precision + recall) if precision + recall else 0.0
        rows.append(
            {"label": label, "precision": precision, "recall": recall, "f1": f1, "n": tp + fn}
        )
    return rows


def _confused(true: Sequence[str], pred: Sequence[str], top: int = 10) -> list[dict]:
    pairs = Counter((t, p) for t, p in zip(true, pred, strict=True) if t != p)
    return [{"true": t, "pred": p, "count": c} for (t, p), c in pairs.most_common(top)]


def build_config(backend: str, min_confidence: float | None, min_margin: float | None, **kw):
    base = TriageConfig()
    return TriageConfig(
        backend=backend,
        min_confidence=base.min_confidence if min_confidence is None else min_confidence,
        min_margin=base.min_margin if min_margin is None else min_margin,
        **kw,
    )


__all__ = ["EvalReport", "LabelledSet", "Triador", "evaluate", "evaluate_loo", "read_labelled"]
