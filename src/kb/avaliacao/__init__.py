"""`atendimento kb eval`: retrieval measured on a question -> article file.

The index is built in memory from Markdown articles with the very code the API uses (passages,
terms, embeddings, ranking); each question's passages are reduced to articles in rank order,
and the expected article's rank gives recall@1, recall@5 and MRR for full text alone, the
encoder alone and the hybrid. `perguntas_dev.csv` here is the dev set over the demo articles.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from src.kb import artigos_md, texto, trechos
from src.kb.busca import PESO_SEMANTICO, Modo, artigos_em_ordem, ordenar
from src.kb.indice import Indice, Linha, embedding_bytes
from src.kb.trechos import cortar
from src.triage.runtime.encoder import SentenceEncoder

DEV = Path(__file__).resolve().parent / "perguntas_dev.csv"


@dataclass(frozen=True)
class Medida:
    modo: str
    perguntas: int
    recall_1: float
    recall_5: float
    mrr: float


def ler_perguntas(arquivo: Path) -> list[tuple[str, str]]:
    with arquivo.open(encoding="utf-8", newline="") as entrada:
        leitor = csv.DictReader(entrada)
        if not leitor.fieldnames or not {"pergunta", "artigo"} <= set(leitor.fieldnames):
            raise ValueError("o CSV precisa das colunas pergunta,artigo")
        return [(linha["pergunta"], linha["artigo"].strip()) for linha in leitor]


def indice_de(artigos: list[artigos_md.ArtigoMd], encoder: SentenceEncoder | None) -> Indice:
    linhas, proximo = [], 1
    for artigo_id, artigo in enumerate(artigos, start=1):
        for pedaco in cortar(artigo.corpo):
            contexto = trechos.contexto(artigo.titulo, pedaco)
            vetor = encoder.encode(contexto) if encoder else None
            linhas.append(
                Linha(
                    proximo,
                    artigo_id,
                    " ".join(texto.termos(contexto)),
                    None if vetor is None else embedding_bytes(vetor),
                    True,
                )
            )
            proximo += 1
    return Indice.construir("avaliacao", linhas)


def medir(
    perguntas: list[tuple[str, str]],
    artigos: list[artigos_md.ArtigoMd],
    encoder: SentenceEncoder | None,
    pesos: tuple[float, ...] = (PESO_SEMANTICO,),
) -> list[Medida]:
    ids = {artigo.titulo: i for i, artigo in enumerate(artigos, start=1)}
    desconhecidos = sorted({a for _, a in perguntas if a not in ids})
    if desconhecidos:
        raise ValueError(f"artigos que não existem: {', '.join(desconhecidos)}")
    indice = indice_de(artigos, encoder)
    vetores = [encoder.encode(p) if encoder else None for p, _ in perguntas]
    modos: list[tuple[str, Modo, float]] = [("texto", Modo.TEXTO, 0.0)]
    if encoder is not None:
        modos.append(("semântico", Modo.SEMANTICO, 0.0))
        modos += [(f"híbrido (peso {p:g})", Modo.HIBRIDO, p) for p in pesos]
    medidas = []
    for nome, modo, peso in modos:
        posicoes = []
        for (pergunta, titulo), vetor in zip(perguntas, vetores, strict=True):
            achados = ordenar(indice, pergunta, vetor, modo=modo, peso_semantico=peso)
            ordem = artigos_em_ordem(indice, achados)
            esperado = ids[titulo]
            posicoes.append(ordem.index(esperado) + 1 if esperado in ordem else None)
        medidas.append(_medida(nome, posicoes))
    return medidas


def _medida(nome: str, posicoes: list[int | None]) -> Medida:
    n = len(posicoes)
    return Medida(
        modo=nome,
        perguntas=n,
        recall_1=sum(p == 1 for p in posicoes) / n,
        recall_5=sum(p is not None and p <= 5 for p in posicoes) / n,
        mrr=sum(1 / p for p in posicoes if p) / n,
    )


def tabela(medidas: list[Medida]) -> str:
    linhas = ["| busca | perguntas | recall@1 | recall@5 | MRR |", "|---|---:|---:|---:|---:|"]
    linhas += [
        f"| {m.modo} | {m.perguntas} | {m.recall_1:.1%} | {m.recall_5:.1%} | {m.mrr:.3f} |"
        for m in medidas
    ]
    return "\n".join(linhas)
