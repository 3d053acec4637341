"""Priority from what the message says, beyond its intent.

The intent gives a base priority; the message can only raise it. A legal threat, someone
vulnerable, fraud or a large sum at stake make it `alta` outright; anger or a repeated request
raise it one step (both together: `alta`). Every raise is explained in `motivos`, so an
operator sees why a ticket jumped the queue.

Rules read the folded text (lower case, no accents, abbreviations expanded): customers write
"procon", "Procon" and "PROCON", "idoso" and "idosa" alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from src.triage.runtime.catalog import PRIORIDADES
from src.triage.runtime.text import has_content, normalize

_, MEDIA, ALTA = PRIORIDADES


@dataclass(frozen=True, slots=True)
class MotivoPrioridade:
    motivo: str  # see MOTIVOS
    trecho: str  # what in the message (or the intent's name) triggered it
    prioridade: str  # the priority this reason asks for


def _termos(*padroes: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(padroes) + r")\b")


# Straight to `alta`.
_ALTA = {
    "ameaca_juridica": _termos(
        r"procon",
        r"reclame ?aqui",
        r"consumidor ?gov(?: br)?",
        r"advogad[oa]s?",
        r"processar",
        r"processo judicial",
        r"(?:entrar|entrarei|vou entrar) na justica",
        r"acao judicial",
        r"juizado",
        r"pequenas causas",
        r"anatel",
        r"aneel",
        r"anac",
        r"banco central",
        r"bacen",
        r"defensoria",
        r"danos morais",
    ),
    "vulnerabilidade": _termos(
        r"idos[oa]s?",
        r"gestante",
        r"gravida",
        r"bebes?",
        r"recem nascid[oa]",
        r"criancas?",
        r"deficiente",
        r"deficiencia",
        r"cadeirante",
        r"acamad[oa]",
        r"oxigenio",
        r"respirador",
        r"hemodialise",
        r"tratamento de cancer",
        r"quimioterapia",
        r"home care",
        r"doente",
        r"internad[oa]",
    ),
    "fraude": _termos(
        r"golpe",
        r"golpistas?",
        r"fraude",
        r"clonad[oa]s?",
        r"invadid[oa]",
        r"hackead[oa]",
        r"roubad[oa]",
        r"furtad[oa]",
        r"boleto falso",
        r"invadiram",
        r"hackearam",
        r"hacked",
        r"clonaram",
        r"roubaram",
    ),
    "contestacao": _termos(
        r"nao reconheco",
        r"indevid[oa]s?",
        r"indevidamente",
        r"em dobro",
        r"duplicidade",
        r"duplicad[oa]s?",
        r"estorno",
        r"estornar",
        r"contestar",
        r"contestacao",
    ),
}
# One step up.
_SOBE = {
    # The service is off or a promise was broken: someone must act, not a canned answer.
    "servico_interrompido": _termos(
        r"sem (?:internet|sinal|luz|energia|agua|linha|servico)",
        r"fora do ar",
        r"caiu tudo",
        r"bloquead[oa]s?",
        r"suspens[oa]s?",
        r"cortad[oa]s?",
        r"cortaram",
        r"desligaram",
    ),
    "promessa_descumprida": _termos(
        r"ninguem (?:apareceu|veio|ligou|retornou)",
        r"nao (?:apareceu|veio|retornaram|retornou)",
        r"consta (?:como )?entregue",
        r"furaram",
        r"prometeram",
    ),
    "raiva": _termos(
        r"absurd[oa]",
        r"palhacada",
        r"ridicul[oa]",
        r"vergonha",
        r"descaso",
        r"pessim[oa]",
        r"horrivel",
        r"lixo",
        r"indignad[oa]",
        r"revoltad[oa]",
        r"inadmissivel",
        r"inaceitavel",
        r"desrespeito",
        r"cansad[oa] de",
        r"nunca mais",
        r"falta de respeito",
    ),
    "repeticao": _termos(
        r"(?:segunda|terceira|quarta|quinta|\d+a) vez",
        r"de novo",
        r"novamente",
        r"mais uma vez",
        r"outra vez",
        r"varias vezes",
        r"(?:ja )?(?:liguei|reclamei|pedi|falei|abri|mandei) (?:\w+ )?(?:varias|mil|\d+) vezes",
        r"ja (?:liguei|reclamei|pedi|solicitei|abri|mandei|falei)",
        r"ninguem resolve",
        r"ate agora nada",
        r"ate hoje nada",
        r"sem solucao",
        r"continua(?:m)? sem",
        r"toda (?:semana|hora|vez)",
        r"todo (?:mes|dia)",
        r"ha (?:\d+|dois|tres|quatro|cinco|varios) dias",
    ),
}
# Money written as "R$ 1.299,90", "R$1500", "1500 reais", "mil reais".
_VALOR = re.compile(
    r"r\$\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?|(\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})? reais"
)
_MIL_REAIS = re.compile(r"\b(?:mil|milhares de) reais\b")
VALOR_ALTO_REAIS = 1000
_CAIXA_ALTA = re.compile(r"[A-ZÀ-Ý]{4,}")
_EXCLAMACOES = re.compile(r"!{3,}")


MOTIVOS = ("intencao", "intencao_provavel", *_ALTA, "valor_alto", *_SOBE)


def avaliar(mensagem: str, base: str, intencao: str) -> tuple[str, tuple[MotivoPrioridade, ...]]:
    """The message's priority (never below `base`) and every reason behind it."""
    texto = normalize(mensagem)
    motivos = [MotivoPrioridade("intencao", intencao, base)]
    if not has_content(mensagem):  # "!!!" alone is no request to raise
        return base, tuple(motivos)
    for motivo, padrao in _ALTA.items():
        achado = padrao.search(texto)
        if achado:
            motivos.append(MotivoPrioridade(motivo, achado.group(0), ALTA))
    valor = _valor_alto(mensagem, texto)
    if valor:
        motivos.append(MotivoPrioridade("valor_alto", valor, ALTA))
    subidas = []
    for motivo, padrao in _SOBE.items():
        trecho = _achado(padrao, texto)
        if trecho is None and motivo == "raiva":
            trecho = _raiva_na_forma(mensagem)
        if trecho:
            subidas.append((motivo, trecho))
    prioridade = max((m.prioridade for m in motivos), key=PRIORIDADES.index)
    if subidas:  # one step per kind of signal, and never below média
        degrau = min(PRIORIDADES.index(base) + len(subidas), len(PRIORIDADES) - 1)
        elevada = max(PRIORIDADES[degrau], MEDIA, key=PRIORIDADES.index)
        motivos.extend(MotivoPrioridade(m, t, elevada) for m, t in subidas)
        prioridade = max(prioridade, elevada, key=PRIORIDADES.index)
    return prioridade, tuple(motivos)


def _achado(padrao: re.Pattern[str], texto: str) -> str | None:
    achado = padrao.search(texto)
    return achado.group(0) if achado else None


def _raiva_na_forma(mensagem: str) -> str | None:
    """Shouting: a run of exclamation marks, or most of the words in capitals."""
    exclamacoes = _EXCLAMACOES.search(mensagem)
    if exclamacoes:
        return exclamacoes.group(0)
    palavras = [p for p in mensagem.split() if any(c.isalpha() for c in p)]
    gritadas = [p for p in palavras if _CAIXA_ALTA.search(p) and p.isupper()]
    if len(palavras) >= 4 and len(gritadas) * 2 > len(palavras):
        return " ".join(gritadas[:3])
    return None


def _valor_alto(mensagem: str, texto: str) -> str | None:
    """A sum of at least VALOR_ALTO_REAIS mentioned in the message."""
    for achado in _VALOR.finditer(mensagem.lower()):
        digitos = (achado.group(1) or achado.group(2)).replace(".", "")
        if int(digitos) >= VALOR_ALTO_REAIS:
            return achado.group(0)
    achado = _MIL_REAIS.search(texto)
    return achado.group(0) if achado else None
