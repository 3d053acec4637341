"""Text normalisation shared by every triage backend."""

from __future__ import annotations

import re
import unicodedata

# Chat abbreviations seen daily in Brazilian service desks, mapped to the full word.
# Only unambiguous ones: "to", "app" or "add" would corrupt English or product words.
ABREVIACOES: dict[str, str] = {
    "vc": "você",
    "vcs": "vocês",
    "voce": "você",
    "pq": "porque",
    "n": "não",
    "ñ": "não",
    "nao": "não",
    "q": "que",
    "oq": "o que",
    "tb": "também",
    "tbm": "também",
    "hj": "hoje",
    "msg": "mensagem",
    "obg": "obrigado",
    "obgd": "obrigado",
    "obgda": "obrigada",
    "vlw": "valeu",
    "blz": "beleza",
    "td": "tudo",
    "tds": "todos",
    "pf": "por favor",
    "pfv": "por favor",
    "pfvr": "por favor",
    "qdo": "quando",
    "qnd": "quando",
    "qto": "quanto",
    "cmg": "comigo",
    "nd": "nada",
    "mt": "muito",
    "mto": "muito",
    "dps": "depois",
    "p": "para",
    "pra": "para",
    "tá": "está",
    "tô": "estou",
    "cel": "celular",
    "2a": "segunda",
    "2ª": "segunda",
}

# "p/" and "c/" are written with a slash; handle them before tokenising.
_SLASH_ABBREVIATIONS = (
    (re.compile(r"(?<!\w)p/(?=\s|$|\w)", re.IGNORECASE), "para "),
    (re.compile(r"(?<!\w)c/(?=\s|$|\w)", re.IGNORECASE), "com "),
)
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def collapse_spaces(texto: str) -> str:
    return _SPACES.sub(" ", texto).strip()


def strip_accents(texto: str) -> str:
    decomposed = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def expand_abbreviations(texto: str) -> str:
    """Expand chat abbreviations, keeping the rest of the text (case, accents) as written."""
    for pattern, replacement in _SLASH_ABBREVIATIONS:
        texto = pattern.sub(replacement, texto)
    expanded = _WORD.sub(lambda m: ABREVIACOES.get(m.group(0).lower(), m.group(0)), texto)
    return collapse_spaces(expanded)


def clean_for_encoder(texto: str) -> str:
    """Light normalisation for the sentence encoder, which was trained on natural text."""
    return expand_abbreviations(collapse_spaces(texto))


def normalize(texto: str) -> str:
    """Full folding for lexical features: lower case, no accents, no punctuation."""
    folded = strip_accents(expand_abbreviations(texto).lower())
    return collapse_spaces(_NON_WORD.sub(" ", folded))


# What the learned classifier reads of a message (the stored message stays complete). Its cost
# grows with the text (~30-100 ms for 5,000 characters, ~7-20 ms for 1,000), while the intent
# shows up early: every evaluation message is under 450 characters (docs/triage.md).
MAX_CLASSIFIER_CHARS = 1000
# The head carries the request; the tail keeps a question asked at the end of a long story.
CLASSIFIER_HEAD_CHARS = 750
_CONTENT = re.compile(r"[^\W_]")  # a letter or a digit, in any script
_SYMBOL_RUN = re.compile(r"([^\w\s]{3})[^\w\s]+")


def has_content(texto: str) -> bool:
    """True when the text has a letter or a digit: emoji or punctuation alone say nothing."""
    return _CONTENT.search(texto) is not None


def bound_for_classifier(texto: str, max_chars: int = MAX_CLASSIFIER_CHARS) -> str:
    """The part of a message the classifier reads: spaces collapsed, runs of symbols (emoji,
    "!!!!!!") cut to three, then the head and the tail when it is still too long."""
    compact = collapse_spaces(_SYMBOL_RUN.sub(r"\1", texto))
    if len(compact) <= max_chars:
        return compact
    head_chars = min(CLASSIFIER_HEAD_CHARS, max_chars * 3 // 4)
    head = _cut_at_space(compact[:head_chars], keep="start")
    tail = _cut_at_space(compact[len(compact) - (max_chars - head_chars - 1) :], keep="end")
    return f"{head} {tail}"


def _cut_at_space(fragment: str, keep: str) -> str:
    """Drop the partial word at the cut, unless that would drop most of the fragment."""
    if keep == "start":
        space = fragment.rfind(" ")
        return fragment[:space] if space > len(fragment) // 2 else fragment
    space = fragment.find(" ")
    return fragment[space + 1 :] if 0 <= space < len(fragment) // 2 else fragment
