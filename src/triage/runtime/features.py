"""Numpy-only TF-IDF features (word 1-2 grams + char 2-5 grams inside word boundaries).

scikit-learn/scipy would add ~100 MB to every worker's RSS, so the few sparse operations
needed are implemented here on plain CSR arrays.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

CHAR_RANGE = (2, 5)  # word n-grams are fixed at unigrams + bigrams (_word_ngrams)


@dataclass(frozen=True, slots=True)
class CsrRows:
    """Row-compressed sparse matrix: the minimum needed for X @ W when classifying (fitting
    hands the same arrays to scipy.sparse, linear.fit_softmax)."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    n_cols: int

    @property
    def n_rows(self) -> int:
        return len(self.indptr) - 1

    def matmul(self, dense: np.ndarray, chunk_nnz: int = 1 << 18) -> np.ndarray:
        """self @ dense, in chunks so the (nnz x k) temporary stays small."""
        out = np.zeros((self.n_rows, dense.shape[1]), dtype=dense.dtype)
        lengths = np.diff(self.indptr)
        start = 0
        while start < self.n_rows:
            stop = int(np.searchsorted(self.indptr, self.indptr[start] + chunk_nnz, "right"))
            stop = max(stop - 1, start + 1)
            self._matmul_rows(dense, out, lengths, start, min(stop, self.n_rows))
            start = stop
        return out

    def _matmul_rows(self, dense, out, lengths, start: int, stop: int) -> None:
        lo, hi = self.indptr[start], self.indptr[stop]
        if hi == lo:
            return
        contrib = self.data[lo:hi, None] * dense[self.indices[lo:hi]]
        nonempty = np.flatnonzero(lengths[start:stop])
        offsets = self.indptr[start:stop][nonempty] - lo
        out[start + nonempty] = np.add.reduceat(contrib, offsets, axis=0)


def _char_ngrams(palavra: str, lo: int, hi: int) -> Iterable[str]:
    padded = f" {palavra} "
    for n in range(lo, hi + 1):
        if len(padded) <= n:
            yield padded
            break
        for i in range(len(padded) - n + 1):
            yield padded[i : i + n]


def _word_ngrams(palavras: list[str]) -> Iterable[str]:
    yield from palavras
    for a, b in itertools.pairwise(palavras):
        yield f"{a} {b}"


def analyze(texto_normalizado: str) -> tuple[Counter[str], Counter[str]]:
    """Word and char n-gram counts of an already normalised text."""
    palavras = texto_normalizado.split()
    words = Counter(_word_ngrams(palavras))
    chars = Counter(g for p in palavras for g in _char_ngrams(p, *CHAR_RANGE))
    return words, chars


class TfidfFeaturizer:
    """Two L2-normalised TF-IDF blocks (words, chars), each weighted 1/sqrt(2)."""

    def __init__(self, min_df: int = 1) -> None:
        # Keep only n-grams seen in at least this many texts (large training sets: the rare ones
        # cost weights per class and generalise little).
        self.min_df = min_df
        self.vocab: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)

    @property
    def n_features(self) -> int:
        return len(self.vocab)

    def fit(self, textos: Sequence[str]) -> TfidfFeaturizer:
        df: Counter[str] = Counter()
        for texto in textos:
            words, chars = analyze(texto)
            df.update(f"w:{g}" for g in words)
            df.update(f"c:{g}" for g in chars)
        kept = sorted(g for g, count in df.items() if count >= self.min_df)
        self.vocab = {g: i for i, g in enumerate(kept)}
        n = len(textos)
        idf = [math.log((1 + n) / (1 + df[g])) + 1.0 for g in kept]
        self.idf = np.asarray(idf, dtype=np.float32)
        return self

    def transform_one(self, texto: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one normalised text."""
        words, chars = analyze(texto)
        idx_parts, val_parts = [], []
        for prefix, counts in (("w:", words), ("c:", chars)):
            idx, val = self._block(prefix, counts)
            idx_parts.append(idx)
            val_parts.append(val)
        return np.concatenate(idx_parts), np.concatenate(val_parts)

    def _block(self, prefix: str, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        pairs = [(self.vocab.get(prefix + g), c) for g, c in counts.items()]
        pairs = [(i, c) for i, c in pairs if i is not None]
        if not pairs:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        idx = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
        tf = np.fromiter((c for _, c in pairs), dtype=np.float32, count=len(pairs))
        val = (1.0 + np.log(tf)) * self.idf[idx]  # sublinear tf
        val *= 1.0 / (np.sqrt(2.0) * np.linalg.norm(val))
        return idx, val.astype(np.float32)

    def transform(self, textos: Sequence[str]) -> CsrRows:
        rows = [self.transform_one(t) for t in textos]
        lengths = [len(i) for i, _ in rows]
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        indices = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, np.int64)
        data = np.concatenate([v for _, v in rows]) if rows else np.zeros(0, np.float32)
        return CsrRows(indptr, indices, data, self.n_features)
