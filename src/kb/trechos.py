"""Articles cut into passages of a size the sentence encoder handles well.

The encoder (Universal Sentence Encoder, CNN) was trained on sentences and short paragraphs;
long inputs average many topics into one vector. So: a passage per paragraph (a list counts as
one), short neighbours of the same section joined up to ~MAX_PALAVRAS words, long paragraphs
split between sentences. Each passage keeps its section title for context.
"""

import re
from dataclasses import dataclass

MAX_PALAVRAS = 90
MIN_PALAVRAS = 25  # shorter paragraphs join the next one of the same section
_TITULO = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FRASE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ú0-9\"“(])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARCAS = re.compile(r"(\*\*|__|`|~~)")
_MARCADOR = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)


@dataclass(frozen=True)
class Trecho:
    ordem: int
    secao: str | None
    texto: str


def contexto(titulo: str, trecho: Trecho) -> str:
    """What search analyses and embeds for a passage: the article's title, its section, its
    text (the title carries the topic into every passage of the article)."""
    return " — ".join(p for p in (titulo, trecho.secao, trecho.texto) if p)


def texto_simples(markdown: str) -> str:
    """Markdown as words: links keep their text, emphasis and list markers go."""
    texto = _LINK.sub(r"\1", markdown)
    texto = _MARCAS.sub("", texto)
    texto = _MARCADOR.sub("• ", texto)
    return re.sub(r"[ \t]+", " ", texto).strip()


def cortar(corpo: str) -> list[Trecho]:
    blocos: list[tuple[str | None, str]] = []
    secao: str | None = None
    for bloco in re.split(r"\n\s*\n", corpo.replace("\r\n", "\n")):
        linhas = bloco.strip().split("\n")
        while linhas and (titulo := _TITULO.match(linhas[0])):
            secao = texto_simples(titulo.group(2)) or secao
            linhas = linhas[1:]
        texto = texto_simples("\n".join(linhas))
        if texto:
            blocos.extend((secao, parte) for parte in _partes(texto))
    return [Trecho(i, s, t) for i, (s, t) in enumerate(_juntar(blocos))]


def _partes(texto: str) -> list[str]:
    """A paragraph longer than MAX_PALAVRAS, split between sentences."""
    if len(texto.split()) <= MAX_PALAVRAS:
        return [texto]
    partes, atual = [], []
    for frase in _FRASE.split(texto):
        if atual and len(" ".join([*atual, frase]).split()) > MAX_PALAVRAS:
            partes.append(" ".join(atual))
            atual = []
        atual.append(frase)
    if atual:
        partes.append(" ".join(atual))
    return partes


def _juntar(blocos: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    juntos: list[tuple[str | None, str]] = []
    for secao, texto in blocos:
        if juntos:
            secao_anterior, anterior = juntos[-1]
            palavras = len(anterior.split()) + len(texto.split())
            curto = len(anterior.split()) < MIN_PALAVRAS
            if secao_anterior == secao and curto and palavras <= MAX_PALAVRAS:
                juntos[-1] = (secao, f"{anterior}\n{texto}")
                continue
        juntos.append((secao, texto))
    return juntos
