"""Triage entry point used by the service: one `Triador` per worker, `classify` per message.

Handlers await `classify_async`: the classification runs on a dedicated thread with a bounded
queue, so a long message never stalls the event loop. `classify` (sync) is for the CLI and
the evaluation.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from src.triage.runtime import head_cache, keywords, prioridade, respostas
from src.triage.runtime.catalog import PRIORIDADES, Catalog, Intencao, load_catalog
from src.triage.runtime.encoder import SentenceEncoder, release_free_heap
from src.triage.runtime.local import LocalClassifier, Ranking, load_encoder
from src.triage.runtime.offload import BoundedPool, QueueFullError
from src.triage.runtime.text import bound_for_classifier, has_content

logger = logging.getLogger(__name__)

BACKENDS = ("keywords", "local")
# The catalog's intent for messages with nothing to classify (when it defines one).
INTENCAO_VAZIO = "vazio"
# Tuned for precision of automatic answers (docs/triage.md): a wrong automatic answer costs
# more than a hand-off to a person.
DEFAULT_MIN_CONFIDENCE = 0.7
DEFAULT_MIN_MARGIN = 0.4
# One classification thread per worker: gunicorn already runs one worker per core. The queue
# bounds the wait (64 x ~7 ms); beyond it messages go to a person unclassified.
DEFAULT_THREADS = 1
DEFAULT_MAX_PENDING = 64
# Below this length a classification takes ~1 ms (2.5 ms at worst, docs/triage.md): it runs
# inline, as the bulk of chat messages; longer texts (up to MAX_CLASSIFIER_CHARS) go off-loop.
INLINE_MAX_CHARS = 160
THREAD_NICENESS = 10  # a busy CPU serves requests (and health probes) before classifying
OVERLOAD_LOG_INTERVAL_SECONDS = 60.0


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
    # The catalog's default team for the intent (routing: chamados/atribuicao).
    equipe: str | None = None
    # Why this priority: the intent's, raised by what the message says (runtime/prioridade).
    motivos_prioridade: tuple[prioridade.MotivoPrioridade, ...] = ()
    # A conversation turn: answered, waiting on the customer, neither resolved nor handed off.
    conversa: bool = False
    # The answer if it goes to a person after all (see `para_empresa`).
    resposta_encaminhamento: str = ""

    @property
    def encaminhar(self) -> bool:
        return not self.resolvido_automaticamente and not self.conversa

    def para_empresa(self, valores: Mapping[str, str]) -> Triagem:
        """The answer with the empresa's and cliente's values (runtime/respostas). An answer
        that needs a link the empresa has not set sends the message to a person instead."""
        texto = respostas.preencher(self.resposta, valores)
        if texto is not None:
            return replace(self, resposta=texto)
        texto = respostas.preencher(self.resposta_encaminhamento, valores)
        return replace(
            self,
            resolvido_automaticamente=False,
            conversa=False,
            resposta=texto or keywords.GERAL.resposta,
        )


@dataclass(frozen=True)
class TriageConfig:
    backend: str = "local"
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    min_margin: float = DEFAULT_MIN_MARGIN
    catalog_path: Path | None = None  # None = the bundled catalog
    model_dir: Path | None = None  # None = TRIAGE_MODEL_DIR or the user cache
    require_encoder: bool = False  # True: fail at start instead of degrading to TF-IDF only
    cache_dir: Path | None = None  # fitted heads; None = the user cache (head_cache)
    threads: int = DEFAULT_THREADS
    max_pending: int = DEFAULT_MAX_PENDING


class Classifier(Protocol):
    def rank(self, mensagem: str) -> Ranking: ...


class KeywordClassifier:
    """The contract rules as a classifier: confidence 1 for a hit, 0 for the fallback."""

    def rank(self, mensagem: str) -> Ranking:
        intencao = keywords.match_rule(mensagem)
        confianca = 0.0 if intencao is keywords.GERAL else 1.0
        return Ranking(intencao.nome, confianca, None, 0.0)


def rank_message(
    classifier: Classifier, mensagem: str, fallback: str, bounded: bool, vazio: str | None = None
) -> Ranking:
    """What the classifier thinks of a message. Nothing to classify (emoji, punctuation or
    blanks only) is the catalog's `vazio` intent when it has one (the answer asks what the
    customer needs), else the fallback, which a person takes."""
    texto = bound_for_classifier(mensagem) if bounded else mensagem
    if not has_content(texto):
        return Ranking(vazio, 1.0, None, 0.0) if vazio else Ranking(fallback, 0.0, None, 0.0)
    return classifier.rank(texto)


def decide(
    catalog: Catalog, ranking: Ranking, config: TriageConfig, backend: str, mensagem: str = ""
) -> Triagem:
    """Hand-off policy: answer automatically only when allowed, confident and unambiguous,
    and only when nothing in the message asks for a person (a legal threat, anger, a repeated
    request, someone vulnerable, fraud or a large sum: runtime/prioridade)."""
    intencao = catalog.get(ranking.intencao)
    if backend == "keywords":
        confiante = True  # the contract rules have no thresholds
    else:
        margem = ranking.confianca - ranking.confianca_segunda
        confiante = ranking.confianca >= config.min_confidence and margem >= config.min_margin
    final = catalog.intencao_fallback if intencao is None or not confiante else intencao
    automatica = final.resposta_automatica and final is intencao
    motivos: tuple[prioridade.MotivoPrioridade, ...] = ()
    nivel = final.prioridade
    if backend != "keywords":  # the contract's rules fix the priority per keyword
        nivel, motivos = prioridade.avaliar(mensagem, final.prioridade, final.nome)
        provavel = _provavel_mais_urgente(intencao, final, nivel)
        if provavel is not None:
            nivel, motivos = provavel.prioridade, (*motivos, provavel)
    sinais = len(motivos) > 1
    conversa = final.conversa and final is intencao and not sinais
    resolvido = automatica and not conversa and not sinais
    encaminhamento = final.resposta_encaminhamento or catalog.intencao_fallback.resposta
    # An answer written to close or continue the conversation, now going to a person.
    vetada = (final.resposta_automatica or final.conversa) and not (resolvido or conversa)
    return Triagem(
        intencao=ranking.intencao,
        confianca=round(ranking.confianca, 4),
        segunda_intencao=ranking.segunda_intencao,
        confianca_segunda=round(ranking.confianca_segunda, 4),
        prioridade=nivel,
        resolvido_automaticamente=resolvido,
        resposta=encaminhamento if vetada else final.resposta,
        backend=backend,
        versao_catalogo=catalog.versao,
        equipe=intencao.equipe if intencao is not None else None,
        motivos_prioridade=motivos,
        conversa=conversa,
        resposta_encaminhamento=encaminhamento,
    )


def _provavel_mais_urgente(
    intencao: Intencao | None, final: Intencao, nivel: str
) -> prioridade.MotivoPrioridade | None:
    """Not sure enough to use it, but the likeliest intent is a person's and more urgent (a
    dispute, fraud): the ticket gets its priority anyway; a wrong guess costs only a place in
    the queue."""
    if intencao is None or intencao is final or intencao.resposta_automatica or intencao.conversa:
        return None
    if PRIORIDADES.index(intencao.prioridade) <= PRIORIDADES.index(nivel):
        return None
    return prioridade.MotivoPrioridade("intencao_provavel", intencao.nome, intencao.prioridade)


class Triador:
    """Built once per worker (model fitting happens here), then `classify` per message."""

    def __init__(
        self,
        config: TriageConfig,
        catalog: Catalog,
        classifier: Classifier,
        pool: BoundedPool | None = None,
    ) -> None:
        self.config = config
        self._catalog = catalog
        self._classifier = classifier
        # The contract's keyword rules cost microseconds on any text: verbatim and inline.
        self._learned = config.backend != "keywords"
        self._pool = pool or BoundedPool(
            config.threads, config.max_pending, "triagem", THREAD_NICENESS
        )
        self._last_overload_log = -math.inf

    def derivado(
        self, catalog: Catalog, classifier: Classifier | None = None, **limiares: float
    ) -> Triador:
        """The same worker's triage with an empresa's catalog, head and thresholds: it shares
        this one's classification thread (one per worker, whatever the number of empresas)."""
        config = replace(self.config, **limiares) if limiares else self.config
        return Triador(config, catalog, classifier or self._classifier, self._pool)

    @property
    def classifier(self) -> Classifier:
        return self._classifier

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
        classifier = cached_or_fitted(catalog, encoder, config.cache_dir)
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
        """Sync and CPU-bound (~1 ms with `local`, 20 ms at most); safe from several threads."""
        catalog = self._catalog
        vazio = INTENCAO_VAZIO if INTENCAO_VAZIO in catalog and self._learned else None
        ranking = rank_message(self._classifier, mensagem, catalog.fallback, self._learned, vazio)
        return decide(self._catalog, ranking, self.config, self.config.backend, mensagem)

    async def classify_async(self, mensagem: str) -> Triagem:
        """`classify` without stalling the event loop: short texts inline (about 1 ms, like
        any handler's own work), longer ones on the triage thread. When `max_pending` calls
        are already queued, the message goes to a person unclassified (logged)."""
        if not self._learned:
            return self.classify(mensagem)
        texto = bound_for_classifier(mensagem)
        if len(texto) <= INLINE_MAX_CHARS:
            # A thread hop plus GIL hand-offs would cost more than classifying these here.
            return self.classify(texto)
        try:
            return await self._pool.run(self.classify, texto)
        except QueueFullError:
            self._log_overload()
            ranking = Ranking(self._catalog.fallback, 0.0, None, 0.0)
            return decide(self._catalog, ranking, self.config, self.config.backend, texto)

    def _log_overload(self) -> None:
        now = time.monotonic()
        if now - self._last_overload_log >= OVERLOAD_LOG_INTERVAL_SECONDS:
            self._last_overload_log = now
            logger.warning(
                "triagem: fila cheia (%d pendentes); mensagens vão para um atendente "
                "sem classificação",
                self.config.max_pending,
            )

    def close(self) -> None:
        """Stop the classification threads (at shutdown)."""
        self._pool.close()


def _encoder_id(encoder: SentenceEncoder | None) -> str:
    if encoder is None:
        return "tfidf-only"
    import onnxruntime

    # Activations are quantised at run time: another onnxruntime may give other vectors.
    return f"{encoder.model_id}/onnxruntime-{onnxruntime.__version__}"


def cached_or_fitted(
    catalog: Catalog, encoder: SentenceEncoder | None, cache_dir: Path | None
) -> LocalClassifier:
    """The head fitted on the catalog, from the disk cache when this exact fit was saved."""
    cache_dir = cache_dir or head_cache.default_cache_dir()
    key = head_cache.cache_key(catalog, _encoder_id(encoder))
    cached = head_cache.load(cache_dir, key)
    if cached is not None:
        logger.info("triagem: modelo carregado do cache %s", cache_dir / f"{key}.npz")
        featurizer, model = cached
        return LocalClassifier(featurizer, model, encoder)
    textos, rotulos = catalog.training_pairs()
    classifier = LocalClassifier.fit(textos, rotulos, encoder)
    release_free_heap()  # the fit's temporaries would otherwise stay in the worker's RSS
    if head_cache.save(cache_dir, key, classifier.featurizer, classifier.model) is not None:
        logger.info("triagem: modelo ajustado e gravado no cache %s", cache_dir / f"{key}.npz")
    return classifier
