"""`python -m bench.kb_fts`: the databases' own full-text ranking on the KB dev set, beside
the BM25 the service uses (docs/kb.md, "Por que BM25 em memória").

PostgreSQL: `to_tsvector('portuguese', passage)` ranked by `ts_rank_cd` against the OR of the
question's lexemes. SQLite: FTS5 (unicode61, accents removed) ranked by its `bm25()`, on the
raw words and on the same Snowball stems the service indexes. Article level, as
`atendimento kb eval`: recall@1, recall@5, MRR.
"""

import asyncio
import os
import sqlite3

import asyncpg

from src.kb import artigos_md, avaliacao, texto, trechos
from src.kb.busca import Modo, artigos_em_ordem, ordenar
from src.kb.trechos import cortar

PG = os.environ.get("BENCH_KB_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _trechos() -> tuple[list[tuple[int, str]], dict[str, int]]:
    artigos = artigos_md.ler()
    linhas = []
    for artigo_id, artigo in enumerate(artigos, start=1):
        for pedaco in cortar(artigo.corpo):
            contexto = trechos.contexto(artigo.titulo, pedaco)
            linhas.append((artigo_id, contexto))
    return linhas, {a.titulo: i for i, a in enumerate(artigos, start=1)}


def _ordem(artigos_por_trecho: list[int]) -> list[int]:
    return list(dict.fromkeys(artigos_por_trecho))


async def _postgres(linhas, perguntas) -> list[list[int]]:
    conexao = await asyncpg.connect(PG)
    try:
        await conexao.execute("CREATE TEMP TABLE t (artigo int, v tsvector)")
        await conexao.executemany(
            "INSERT INTO t VALUES ($1, to_tsvector('portuguese', $2))", linhas
        )
        ordens = []
        for pergunta in perguntas:
            lexemas = await conexao.fetchval(
                "SELECT array_agg(DISTINCT lexeme) FROM unnest(to_tsvector('portuguese', $1))",
                pergunta,
            )
            if not lexemas:
                ordens.append([])
                continue
            consulta = " | ".join(f"'{lexema}'" for lexema in lexemas)
            linhas_ordem = await conexao.fetch(
                "SELECT artigo FROM t, to_tsquery('portuguese', $1) q WHERE v @@ q "
                "ORDER BY ts_rank_cd(v, q) DESC",
                consulta,
            )
            ordens.append(_ordem([r["artigo"] for r in linhas_ordem]))
        return ordens
    finally:
        await conexao.close()


def _sqlite(linhas, perguntas, analisar) -> list[list[int]]:
    banco = sqlite3.connect(":memory:")
    banco.execute(
        "CREATE VIRTUAL TABLE t USING fts5(artigo UNINDEXED, texto, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    banco.executemany("INSERT INTO t VALUES (?, ?)", [(a, analisar(c)) for a, c in linhas])
    ordens = []
    for pergunta in perguntas:
        termos = sorted(set(analisar(pergunta).split()))
        if not termos:
            ordens.append([])
            continue
        consulta = " OR ".join(f'"{t}"' for t in termos)
        linhas_ordem = banco.execute(
            "SELECT artigo FROM t WHERE t MATCH ? ORDER BY bm25(t)", (consulta,)
        ).fetchall()
        ordens.append(_ordem([r[0] for r in linhas_ordem]))
    return ordens


def _medida(nome, ordens, esperados):
    posicoes = [o.index(e) + 1 if e in o else None for o, e in zip(ordens, esperados, strict=True)]
    return avaliacao._medida(nome, posicoes)


def main() -> None:
    linhas, ids = _trechos()
    perguntas_csv = avaliacao.ler_perguntas(avaliacao.DEV)
    perguntas = [p for p, _ in perguntas_csv]
    esperados = [ids[t] for _, t in perguntas_csv]
    indice = avaliacao.indice_de(artigos_md.ler(), None)
    nosso = [artigos_em_ordem(indice, ordenar(indice, p, None, modo=Modo.TEXTO)) for p in perguntas]
    medidas = [
        _medida("BM25 em memória, radicais Snowball (o serviço)", nosso, esperados),
        _medida(
            "SQLite FTS5 bm25(), radicais Snowball",
            _sqlite(linhas, perguntas, lambda s: " ".join(texto.termos(s))),
            esperados,
        ),
        _medida(
            "SQLite FTS5 bm25(), palavras sem radical",
            _sqlite(linhas, perguntas, texto.dobrar),
            esperados,
        ),
        _medida(
            "PostgreSQL ts_rank_cd, configuração portuguese",
            asyncio.run(_postgres(linhas, perguntas)),
            esperados,
        ),
    ]
    print(avaliacao.tabela(medidas))


if __name__ == "__main__":
    main()
