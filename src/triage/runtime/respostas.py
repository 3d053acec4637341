"""Answers written once per catalog, filled in per empresa and cliente.

An answer may name `{{empresa.nome}}`, `{{empresa.link_<nome>}}` (the empresa's links) and
`{{cliente.nome}}`. A link the empresa has not set cannot be filled: the answer would point at
nothing, so the caller sends the message to a person instead. A missing cliente name is left
out ("Olá, {{cliente.nome}}!" becomes "Olá!").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_VARIAVEL = re.compile(r"\{\{\s*([a-z_]+)\.([a-z_]+)\s*\}\}")
VARIAVEIS_EMPRESA = frozenset(
    {"nome", "link_area_cliente", "link_segunda_via", "link_recuperar_senha", "link_planos",
     "link_rastreio"}
)  # fmt: skip
VARIAVEIS_CLIENTE = frozenset({"nome"})
# What a missing optional value leaves behind: "Olá, !" and doubled spaces.
_SOBRAS = ((re.compile(r"\s*,\s*([!?.,])"), r"\1"), (re.compile(r"[ \t]{2,}"), " "))


def preencher(texto: str, valores: Mapping[str, str]) -> str | None:
    """The answer with its placeholders filled; None when an empresa value is missing."""
    faltando = False

    def valor(achado: re.Match[str]) -> str:
        nonlocal faltando
        chave = f"{achado.group(1)}.{achado.group(2)}"
        encontrado = valores.get(chave)
        if encontrado:
            return encontrado
        faltando = faltando or achado.group(1) != "cliente"
        return ""

    preenchido = _VARIAVEL.sub(valor, texto)
    if faltando:
        return None
    for padrao, troca in _SOBRAS:
        preenchido = padrao.sub(troca, preenchido)
    return preenchido.strip()
