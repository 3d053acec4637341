"""Each empresa's search index, in this process's memory: BM25 over the passages' terms and
their sentence embeddings, rebuilt from the database when the empresa's KB counter moves.

Why in memory: BM25 needs every term's document frequency and every passage's length, which
neither database keeps in a form a query can read fast (SQLite's FTS5 has bm25(), PostgreSQL
has no BM25 at all; its ts_rank_cd ranks differently); a sparse matrix of precomputed BM25
weights answers a query in one column sum, identically on both. Embeddings are a dense matrix:
one product per query. At 20,000 passages this is ~45 MB per empresa, mostly the vectors
(float16 in the database, float32 here for BLAS); `make bench-kb` has the figures. On a
PostgreSQL with pgvector the semantic half can move to an HNSW index without changing the
ranking code.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from src.kb import texto

K1, B = 1.2, 0.75  # BM25's usual constants (Robertson & Zaragoza)
DIMENSAO = 512


@dataclass(frozen=True)
class Linha:
    """A passage as the index loads it."""

    id: int
    artigo_id: int
    termos: str
    embedding: bytes | None
    publicado: bool


@dataclass(frozen=True)
class Indice:
    marca: str
    ids: np.ndarray
    artigos: np.ndarray
    publicados: np.ndarray
    vocabulario: dict[str, int]
    pesos: sparse.csc_matrix  # passages x terms, BM25 weights
    vetores: np.ndarray | None  # passages x 512, L2-normalised; None without the encoder

    @classmethod
    def construir(cls, marca: str, linhas: list[Linha]) -> Indice:
        vocabulario: dict[str, int] = {}
        contagens = [Counter(linha.termos.split()) for linha in linhas]
        for contagem in contagens:
            for termo in contagem:
                vocabulario.setdefault(termo, len(vocabulario))
        return cls(
            marca=marca,
            ids=np.array([linha.id for linha in linhas], dtype=np.int64),
            artigos=np.array([linha.artigo_id for linha in linhas], dtype=np.int64),
            publicados=np.array([linha.publicado for linha in linhas], dtype=bool),
            vocabulario=vocabulario,
            pesos=_pesos_bm25(contagens, vocabulario),
            vetores=_vetores(linhas),
        )

    def __len__(self) -> int:
        return len(self.ids)

    def bm25(self, consulta: str) -> np.ndarray:
        """Every passage's BM25 score for the query (0 where no term matches)."""
        colunas = Counter(
            self.vocabulario[t] for t in texto.termos(consulta) if t in self.vocabulario
        )
        if not colunas:
            return np.zeros(len(self), dtype=np.float32)
        indices = np.fromiter(colunas.keys(), dtype=np.int64)
        repeticoes = np.fromiter(colunas.values(), dtype=np.float32)
        return np.asarray(self.pesos[:, indices] @ repeticoes, dtype=np.float32).ravel()

    def similaridade(self, vetor: np.ndarray) -> np.ndarray | None:
        if self.vetores is None:
            return None
        return self.vetores @ vetor.astype(np.float32)


def _pesos_bm25(contagens: list[Counter], vocabulario: dict[str, int]) -> sparse.csc_matrix:
    n = len(contagens)
    if n == 0 or not vocabulario:
        return sparse.csc_matrix((n, max(1, len(vocabulario))), dtype=np.float32)
    comprimentos = np.array([sum(c.values()) for c in contagens], dtype=np.float32)
    media = max(float(comprimentos.mean()), 1.0)
    linhas, colunas, tfs = [], [], []
    for i, contagem in enumerate(contagens):
        for termo, tf in contagem.items():
            linhas.append(i)
            colunas.append(vocabulario[termo])
            tfs.append(tf)
    linhas_a = np.array(linhas)
    colunas_a = np.array(colunas)
    tf = np.array(tfs, dtype=np.float32)
    df = np.bincount(colunas_a, minlength=len(vocabulario)).astype(np.float32)
    idf = np.log(1 + (n - df + 0.5) / (df + 0.5))  # Lucene's non-negative idf
    normal = K1 * (1 - B + B * comprimentos[linhas_a] / media)
    pesos = idf[colunas_a] * tf * (K1 + 1) / (tf + normal)
    return sparse.csc_matrix(
        (pesos.astype(np.float32), (linhas_a, colunas_a)), shape=(n, len(vocabulario))
    )


def _vetores(linhas: list[Linha]) -> np.ndarray | None:
    if not linhas or any(linha.embedding is None for linha in linhas):
        return None  # saved without the encoder: full text only, until re-saved with it
    matriz = np.frombuffer(b"".join(linha.embedding for linha in linhas), dtype="<f2")
    return matriz.reshape(len(linhas), DIMENSAO).astype(np.float32)


def embedding_bytes(vetor: np.ndarray) -> bytes:
    return np.asarray(vetor, dtype="<f2").tobytes()
