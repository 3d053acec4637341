"""Triage entry point used by the service: one `Triador` per worker, `classify` per message."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from src.triage import keywords
from src.triage.catalog import Catalog, load_catalog
from src.triage.encoder import release_free_heap
from src.triage.local import LocalClassifier, Ranking, load_encoder

logger = logging.getLogger(__name__)

BACKENDS = ("keywords", "local")
# Tuned for precision of automatic answers (docs/triage.md): a wrong automatic answer costs
# more than a hand-off to a person.
DEFAULT_MIN_CONFIDENCE = 0.7
DEFAULT_MIN_MARGIN = 0.4


@dataclass(frozen=True, slots=True)
class Triagem:
    intencao: str
    confianca: float
    segunda_intencao: str | None
    confianca_segunda: float
    prioridade: str
    resolvido_automaticamente: bool
    resposta: str
    backend: str
    versao_catalogo: str


@dataclass(frozen=True)
class TriageConfig:
    backend: str = "local"
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    min_margin: float = DEFAULT_MIN_MARGIN
    catalog_path: Path | None = None  # None = the bundled catalog
    model_dir: Path | None = None  # None = TRIAGE_MODEL_DIR or the user cache
    require_encoder: bool = False  # True: fail at start instead of degrading to TF-IDF only


class Classifier(Protocol):
    def rank(self, mensagem: str) -> Ranking: ...


class KeywordClassifier:
    """The contract rules as a classifier: confidence 1 for a hit, 0 for the fallback."""

    def rank(self, mensagem: str) -> Ranking:
        intencao = keywords.match_rule(mensagem)
        confianca = 0.0 if intencao is keywords.GERAL else 1.0
        return Ranking(intencao.nome, confianca, None, 0.0)


def decide(catalog: Catalog, ranking: Ranking, config: TriageConfig, backend: str) -> Triagem:
    """Hand-off policy: answer automatically only when allowed, confident and unambiguous."""
    intencao = catalog.get(ranking.intencao)
    if backend == "keywords":
        confiante = True  # the contract rules have no thresholds
    else:
        margem = ranking.confianca - ranking.confianca_segunda
        confiante = ranking.confianca >= config.min_confidence and margem >= config.min_margin
    intencao_final = catalog.intencao_fallback if intencao is None or not confiante else intencao
    resolvido = intencao_final.resposta_automatica and intencao_final is intencao
    return Triagem(
        intencao=ranking.intencao,
        confianca=round(ranking.confianca, 4),
        segunda_intencao=ranking.segunda_intencao,
        confianca_segunda=round(ranking.confianca_segunda, 4),
        prioridade=intencao_final.prioridade,
        resolvido_automaticamente=resolvido,
        resposta=intencao_final.resposta,
        backend=backend,
        versao_catalogo=catalog.versao,
    )


class Triador:
    """Built once per worker (model fitting happens here), then `classify` per message."""

    def __init__(self, config: TriageConfig, catalog: Catalog, classifier: Classifier) -> None:
        self.config = config
        self._catalog = catalog
        self._classifier = classifier

    @classmethod
    def build(cls, config: TriageConfig | None = None) -> Triador:
        config = config or TriageConfig()
        if config.backend not in BACKENDS:
            raise ValueError(f"backend de triagem desconhecido: {config.backend!r}")
        started = time.perf_counter()
        if config.backend == "keywords":
            triador = cls(config, keywords.CATALOGO_CONTRATO, KeywordClassifier())
        else:
            triador = cls._build_local(config)
        logger.info(
            "triagem pronta: backend=%s catalogo=%s em %.2fs",
            config.backend,
            triador.catalog.versao,
            time.perf_counter() - started,
        )
        return triador

    @classmethod
    def _build_local(cls, config: TriageConfig) -> Triador:
        catalog = load_catalog(config.catalog_path)
        encoder = load_encoder(config.model_dir, required=config.require_encoder)
        textos, rotulos = catalog.training_pairs()
        classifier = LocalClassifier.fit(textos, rotulos, encoder)
        release_free_heap()  # the fit's temporaries would otherwise stay in the worker's RSS
        triador = cls(config, catalog, classifier)
        triador.classify("olá")  # warm-up: first ONNX run allocates its buffers
        return triador

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @property
    def backend(self) -> str:
        return self.config.backend

    def classify(self, mensagem: str) -> Triagem:
        """Sync and CPU-bound (~1 ms with `local`); safe to call from several threads."""
        if not mensagem or not mensagem.strip():
            ranking = Ranking(self._catalog.fallback, 0.0, None, 0.0)
        else:
            ranking = self._classifier.rank(mensagem)
        return decide(self._catalog, ranking, self.config, self.config.backend)
