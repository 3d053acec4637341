"""`make bench-kb`: knowledge-base search latency at 1,000 and 20,000 passages.

In process, as one API worker serves it: the demo articles' passages (real text, real
embeddings) are grown to N by mixing sentences of different passages and averaging their
vectors, so term statistics and vector spread stay realistic. Each query is a dev-set question:
its embedding (the encoder, one text), BM25 over the sparse weights, cosine over the vectors,
weighted RRF. Also the index build (what a process pays after an article changes) and its
memory.
"""

import argparse
import random
import statistics
import time

import numpy as np

from bench import report
from src.kb import artigos_md, avaliacao, texto, trechos
from src.kb.busca import Modo, ordenar
from src.kb.indice import Indice, Linha, embedding_bytes
from src.kb.trechos import cortar
from src.triage.runtime.encoder import SentenceEncoder

TAMANHOS = (1_000, 20_000)


def _base(encoder: SentenceEncoder) -> list[tuple[str, np.ndarray]]:
    base = []
    for artigo in artigos_md.ler():
        for pedaco in cortar(artigo.corpo):
            contexto = trechos.contexto(artigo.titulo, pedaco)
            base.append((contexto, encoder.encode(contexto)))
    return base


def _linhas(base: list[tuple[str, np.ndarray]], n: int, sorte: random.Random) -> list[Linha]:
    linhas = []
    for i in range(n):
        (a, va), (b, vb) = sorte.sample(base, 2)
        frases_a, frases_b = a.split(". "), b.split(". ")
        mistura = ". ".join(frases_a[: len(frases_a) // 2 + 1] + frases_b[len(frases_b) // 2 :])
        vetor = va + vb
        vetor /= np.linalg.norm(vetor)
        linhas.append(
            Linha(i + 1, i // 8 + 1, " ".join(texto.termos(mistura)), embedding_bytes(vetor), True)
        )
    return linhas


def _pct(valores: list[float], p: float) -> float:
    ordenados = sorted(valores)
    return ordenados[max(0, round(p / 100 * len(ordenados)) - 1)]


def medir() -> list[dict]:
    encoder = SentenceEncoder.load()
    base = _base(encoder)
    perguntas = [p for p, _ in avaliacao.ler_perguntas(avaliacao.DEV)]
    sorte = random.Random(7)  # noqa: S311 (a repeatable benchmark)
    resultados = []
    for n in TAMANHOS:
        linhas = _linhas(base, n, sorte)
        inicio = time.perf_counter()
        indice = Indice.construir("bench", linhas)
        construcao = time.perf_counter() - inicio
        memoria = indice.pesos.data.nbytes + indice.pesos.indices.nbytes
        memoria += indice.vetores.nbytes if indice.vetores is not None else 0
        tempos, codificacao = [], []
        for rodada in range(3):
            for pergunta in perguntas:
                t0 = time.perf_counter()
                vetor = encoder.encode(pergunta)
                t1 = time.perf_counter()
                ordenar(indice, pergunta, vetor, modo=Modo.HIBRIDO)
                t2 = time.perf_counter()
                if rodada:  # the first round warms caches
                    tempos.append((t2 - t0) * 1000)
                    codificacao.append((t1 - t0) * 1000)
        resultados.append(
            {
                "trechos": n,
                "p50_ms": _pct(tempos, 50),
                "p99_ms": _pct(tempos, 99),
                "codificacao_p50_ms": statistics.median(codificacao),
                "construcao_s": construcao,
                "memoria_mb": memoria / 2**20,
            }
        )
    return resultados


def tabela(resultados: list[dict]) -> str:
    linhas = [
        "| trechos | busca híbrida p50 (ms) | p99 (ms) | dos quais o encoder, p50 (ms) "
        "| montar o índice (s) | memória do índice (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in resultados:
        linhas.append(
            f"| {r['trechos']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['codificacao_p50_ms']:.1f} | {r['construcao_s']:.2f} | {r['memoria_mb']:.0f} |"
        )
    return "\n".join(linhas)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sem-doc", action="store_true", help="não atualizar docs/performance.md")
    args = parser.parse_args(argv)
    texto_tabela = tabela(medir())
    print(texto_tabela)
    if not args.sem_doc:
        report.replace_section(
            "kb", f"Medido em {report.stamp()}: {report.machine()}.\n\n{texto_tabela}"
        )


if __name__ == "__main__":
    main()
