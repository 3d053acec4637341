"""The `local` backend: TF-IDF (words + chars) and sentence embeddings into one linear head."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from src.triage.runtime.encoder import EncoderUnavailableError, SentenceEncoder
from src.triage.runtime.features import TfidfFeaturizer
from src.triage.runtime.linear import LinearModel, fit_softmax
from src.triage.runtime.text import clean_for_encoder, normalize

logger = logging.getLogger(__name__)

# Measured on Banking77 10-shot and credsystem leave-one-out (docs/triage.md): the embedding
# block weighs twice the TF-IDF block, with weak regularisation.
EMBEDDING_WEIGHT = 2.0
REGULARIZATION_C = 50.0
# From this many examples on, n-grams seen in a single example are left out of the TF-IDF:
# few-shot catalogs keep every one; Banking77's 10,000 examples go from 36,400 to 20,500.
GRANDE_A_PARTIR_DE = 2000


@dataclass(frozen=True, slots=True)
class Ranking:
    intencao: str
    confianca: float
    segunda_intencao: str | None
    confianca_segunda: float


@dataclass(slots=True)
class LocalClassifier:
    featurizer: TfidfFeaturizer
    model: LinearModel
    encoder: SentenceEncoder | None

    @property
    def model_id(self) -> str:
        return self.encoder.model_id if self.encoder else "tfidf-only"

    @classmethod
    def fit(
        cls,
        textos: Sequence[str],
        rotulos: Sequence[str],
        encoder: SentenceEncoder | None,
        c: float = REGULARIZATION_C,
    ) -> LocalClassifier:
        normalizados = [normalize(t) for t in textos]
        min_df = 1 if len(textos) < GRANDE_A_PARTIR_DE else 2
        featurizer = TfidfFeaturizer(min_df).fit(normalizados)
        sparse = featurizer.transform(normalizados)
        dense = _embed(encoder, textos)
        model = fit_softmax(sparse, dense, rotulos, c=c)
        return cls(featurizer, model, encoder)

    def probabilities(self, mensagem: str) -> np.ndarray:
        idx, val = self.featurizer.transform_one(normalize(mensagem))
        dense = None
        if self.encoder is not None:
            dense = self.encoder.encode(clean_for_encoder(mensagem)) * EMBEDDING_WEIGHT
        return self.model.scores_one(idx, val, dense)

    def rank(self, mensagem: str) -> Ranking:
        probs = self.probabilities(mensagem)
        order = np.argsort(probs)[::-1]
        first = int(order[0])
        second = int(order[1]) if len(order) > 1 else None
        return Ranking(
            intencao=self.model.classes[first],
            confianca=float(probs[first]),
            segunda_intencao=self.model.classes[second] if second is not None else None,
            confianca_segunda=float(probs[second]) if second is not None else 0.0,
        )


def _embed(encoder: SentenceEncoder | None, textos: Sequence[str]) -> np.ndarray | None:
    if encoder is None:
        return None
    return encoder.encode_many([clean_for_encoder(t) for t in textos]) * EMBEDDING_WEIGHT


def load_encoder(model_dir: Path | None, required: bool) -> SentenceEncoder | None:
    """The shared encoder, or None (TF-IDF only) when its artefact was never built."""
    try:
        return SentenceEncoder.load(model_dir)
    except EncoderUnavailableError:
        if required:
            raise
        logger.warning("triagem: encoder indisponível, usando apenas TF-IDF", exc_info=True)
        return None
