"""Intent catalog: the data that drives triage (names, answers, priorities, examples)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

PRIORIDADES = ("baixa", "média", "alta")
INTENCAO_FALLBACK = "geral"
RESPOSTA_GENERICA = "👋 Obrigado pelo contato! Seu chamado foi registrado. Responderemos em breve."
# Beside the domain package (package data), not in runtime/: it is the domain's content.
CATALOGO_PADRAO = Path(__file__).parents[1] / "catalogo.yaml"


class CatalogError(ValueError):
    """The catalog file is malformed."""


@dataclass(frozen=True, slots=True)
class Intencao:
    nome: str
    descricao: str
    prioridade: str
    resposta_automatica: bool
    resposta: str
    exemplos: tuple[str, ...] = ()
    # The team that takes it by default: an empresa's team of this name (any case), unless one
    # of its teams lists the intent itself.
    equipe: str | None = None
    # A conversation turn (greeting, thanks, nothing to read): the answer asks for more and the
    # ticket waits on the customer; it is neither resolved automatically nor handed off.
    conversa: bool = False
    # What the customer is told when this intent goes to a person after all (the empresa lacks
    # the link its answer needs, or the message asks for a person); None: the fallback's answer.
    resposta_encaminhamento: str | None = None


@dataclass(frozen=True, slots=True)
class Catalog:
    versao: str
    intencoes: tuple[Intencao, ...]
    fallback: str = INTENCAO_FALLBACK
    _por_nome: dict[str, Intencao] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._por_nome.update({i.nome: i for i in self.intencoes})

    def __getitem__(self, nome: str) -> Intencao:
        return self._por_nome[nome]

    def get(self, nome: str, default: Intencao | None = None) -> Intencao | None:
        return self._por_nome.get(nome, default)

    def __contains__(self, nome: object) -> bool:
        return nome in self._por_nome

    @property
    def nomes(self) -> tuple[str, ...]:
        return tuple(i.nome for i in self.intencoes)

    @property
    def intencao_fallback(self) -> Intencao:
        return self._por_nome[self.fallback]

    def personalizado(self, proprias: Sequence[Intencao], versao: str) -> Catalog:
        """This catalog with an empresa's own intents: a bundled one it changed (its examples
        add to the bundled ones; a conversation turn stays one) or one it created."""
        por_nome = {i.nome: i for i in self.intencoes}
        for propria in proprias:
            base = por_nome.get(propria.nome)
            por_nome[propria.nome] = replace(
                propria,
                exemplos=(base.exemplos if base else ()) + propria.exemplos,
                conversa=base.conversa if base else False,
            )
        return Catalog(
            versao=f"{self.versao}+{versao}",
            intencoes=tuple(por_nome.values()),
            fallback=self.fallback,
        )

    def training_pairs(self) -> tuple[list[str], list[str]]:
        """Examples and their intent names, in catalog order."""
        textos = [e for i in self.intencoes for e in i.exemplos]
        rotulos = [i.nome for i in self.intencoes for _ in i.exemplos]
        return textos, rotulos


def _check_intencao(raw: dict) -> Intencao:
    missing = {"nome", "prioridade", "resposta"} - raw.keys()
    if missing:
        raise CatalogError(f"intenção sem os campos {sorted(missing)}: {raw.get('nome')!r}")
    if raw["prioridade"] not in PRIORIDADES:
        raise CatalogError(f"prioridade inválida em {raw['nome']!r}: {raw['prioridade']!r}")
    return Intencao(
        nome=str(raw["nome"]),
        descricao=str(raw.get("descricao", "")),
        prioridade=raw["prioridade"],
        resposta_automatica=bool(raw.get("resposta_automatica", False)),
        resposta=str(raw["resposta"]),
        exemplos=tuple(str(e) for e in raw.get("exemplos", ())),
        equipe=str(raw["equipe"]) if raw.get("equipe") else None,
        conversa=bool(raw.get("conversa", False)),
        resposta_encaminhamento=(
            str(raw["resposta_encaminhamento"]) if raw.get("resposta_encaminhamento") else None
        ),
    )


def content_hash(payload: object) -> str:
    """Short, stable hash of the catalog content (used as its version when none is given)."""
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:12]


def catalog_from_dict(data: dict) -> Catalog:
    intencoes = tuple(_check_intencao(raw) for raw in data.get("intencoes", ()))
    nomes = [i.nome for i in intencoes]
    if len(set(nomes)) != len(nomes):
        raise CatalogError("nomes de intenção repetidos no catálogo")
    fallback = data.get("fallback", INTENCAO_FALLBACK)
    if fallback not in nomes:
        raise CatalogError(f"o catálogo precisa da intenção de fallback {fallback!r}")
    versao = str(data.get("versao") or content_hash(data))
    return Catalog(versao=versao, intencoes=intencoes, fallback=fallback)


def load_catalog(path: Path | None = None) -> Catalog:
    path = path or CATALOGO_PADRAO
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise CatalogError(f"catálogo inválido: {path}")
    data.setdefault("versao", None)
    if not data["versao"]:
        data["versao"] = content_hash(data)
    return catalog_from_dict(data)


def catalog_from_examples(
    textos: Sequence[str], rotulos: Sequence[str], fallback: str | None = None
) -> Catalog:
    """Build an evaluation catalog from labelled rows: every label may be answered automatically."""
    por_rotulo: dict[str, list[str]] = {}
    for texto, rotulo in zip(textos, rotulos, strict=True):
        por_rotulo.setdefault(rotulo, []).append(texto)
    intencoes = [_eval_intencao(nome, exemplos) for nome, exemplos in por_rotulo.items()]
    if fallback is None or fallback not in por_rotulo:
        intencoes.append(_eval_intencao(INTENCAO_FALLBACK, (), automatica=False))
        fallback = INTENCAO_FALLBACK
    payload = {r: list(e) for r, e in por_rotulo.items()}
    return Catalog(versao=content_hash(payload), intencoes=tuple(intencoes), fallback=fallback)


def _eval_intencao(nome: str, exemplos: Iterable[str], automatica: bool = True) -> Intencao:
    return Intencao(
        nome=nome,
        descricao=nome,
        prioridade="média",
        resposta_automatica=automatica,
        resposta=RESPOSTA_GENERICA if not automatica else f"[{nome}]",
        exemplos=tuple(exemplos),
    )
