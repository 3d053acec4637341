"""Text as full-text search sees it: folded, split into words, stop words out, stemmed.

The stemmer is the Snowball Portuguese algorithm (the `snowballstemmer` package), the one
PostgreSQL's `portuguese` configuration applies, run here so both databases rank the same:
"faturas", "fatura" and "faturamento" meet; accents and case do not matter.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_PALAVRA = re.compile(r"[a-z0-9]+")
# Function words of everyday Portuguese, and the chat shorthand customers type for them.
_VAZIAS = frozenset(
    [
        "a",
        "ao",
        "aos",
        "as",
        "ate",
        "com",
        "como",
        "da",
        "das",
        "de",
        "del",
        "dela",
        "dele",
        "deles",
        "do",
        "dos",
        "e",
        "ela",
        "elas",
        "ele",
        "eles",
        "em",
        "entre",
        "era",
        "essa",
        "esse",
        "esta",
        "este",
        "eu",
        "foi",
        "for",
        "ha",
        "isso",
        "isto",
        "ja",
        "la",
        "lhe",
        "mais",
        "mas",
        "me",
        "mesmo",
        "meu",
        "minha",
        "muito",
        "na",
        "nao",
        "nas",
        "nem",
        "no",
        "nos",
        "nossa",
        "nosso",
        "num",
        "numa",
        "o",
        "os",
        "ou",
        "para",
        "pela",
        "pelas",
        "pelo",
        "pelos",
        "per",
        "por",
        "qual",
        "quando",
        "que",
        "quem",
        "se",
        "sem",
        "ser",
        "seu",
        "sua",
        "suas",
        "seus",
        "so",
        "sob",
        "sobre",
        "tambem",
        "te",
        "tem",
        "tenho",
        "ter",
        "teu",
        "tu",
        "tua",
        "um",
        "uma",
        "umas",
        "uns",
        "vai",
        "vc",
        "voce",
        "voces",
        "vcs",
        "pra",
        "pro",
        "pq",
        "q",
        "ta",
        "to",
        "estou",
        "esta",
        "estao",
        "estava",
        "sao",
        "sou",
        "fica",
        "ficou",
        "oi",
        "ola",
        "bom",
        "boa",
        "dia",
        "tarde",
        "noite",
        "obrigado",
        "obrigada",
        "favor",
    ]
)
_STEMMER = snowballstemmer.stemmer("portuguese")


def dobrar(texto: str) -> str:
    """Lower case without accents: "Não é" -> "nao e"."""
    decomposto = unicodedata.normalize("NFKD", texto.lower())
    return "".join(c for c in decomposto if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _radical(palavra: str) -> str:
    return _STEMMER.stemWord(palavra)


def termos(texto: str) -> list[str]:
    """The stems of the text's content words, in order (repeated ones repeat)."""
    return [
        _radical(palavra)
        for palavra in _PALAVRA.findall(dobrar(texto))
        if palavra not in _VAZIAS and len(palavra) > 1
    ]


def palavras_que_batem(texto: str, radicais: set[str]) -> list[tuple[int, int]]:
    """Where, in the original text, the words whose stem is one of `radicais` are."""
    dobrado, origem = _dobrar_com_mapa(texto)
    return [
        (origem[m.start()], _com_acentos(texto, origem[m.end() - 1] + 1))
        for m in _PALAVRA.finditer(dobrado)
        if m.group() not in _VAZIAS and _radical(m.group()) in radicais
    ]


def _com_acentos(texto: str, fim: int) -> int:
    """Past the combining marks that follow a word's last letter ("cafe" + U+0301)."""
    while fim < len(texto) and unicodedata.combining(texto[fim]):
        fim += 1
    return fim


def _dobrar_com_mapa(texto: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original one: a
    ligature folds to two letters, an accent to none, and offsets still land right."""
    partes, origem = [], []
    for i, caractere in enumerate(texto):
        for dobrado in dobrar(caractere):
            partes.append(dobrado)
            origem.append(i)
    return "".join(partes), origem
