"""What a Brazilian support lead would check: the product's own triage (bundled catalog, a desk
with every link set) on our pt-BR sets, each message labelled with its intent, whether an
automatic answer is acceptable and the lowest acceptable priority.

`dev_ptbr.csv` was read while the priority rules were written; `teste_ptbr.csv` was written
apart (by someone who saw neither the catalog nor the dev set) and is the honest figure.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from src.triage.runtime.catalog import PRIORIDADES
from src.triage.runtime.pipeline import Triador, Triagem
from src.triage.runtime.respostas import VARIAVEIS_EMPRESA

CONJUNTOS = {
    "dev": Path(__file__).with_name("dev_ptbr.csv"),
    "teste": Path(__file__).with_name("teste_ptbr.csv"),
}
# Wrong here means a dispute, fraud or legal threat not handed to a person as `alta`.
CRITICAS = frozenset({"ameaca_juridica", "cobranca_indevida", "fraude"})
# A configured desk: every link an answer may need is set.
VALORES_DE_MESA = {"empresa.nome": "Empresa Exemplo"} | {
    f"empresa.{nome}": f"https://exemplo.com.br/{nome}"
    for nome in VARIAVEIS_EMPRESA
    if nome.startswith("link_")
}


@dataclass(frozen=True, slots=True)
class Caso:
    mensagem: str
    intencao: str
    automatica_ok: bool
    prioridade_minima: str


@dataclass
class RelatorioPtbr:
    n: int = 0
    acertos: int = 0
    fechamentos_errados: list[tuple[str, str, str]] = field(default_factory=list)
    alta_total: int = 0
    alta_acertos: int = 0
    encaminhadas: int = 0
    abaixo_da_minima: int = 0
    criticas_total: int = 0
    criticas_falhas: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def acuracia(self) -> float:
        return self.acertos / self.n

    @property
    def fechamentos_errados_por_mil(self) -> float:
        return len(self.fechamentos_errados) * 1000 / self.n

    @property
    def recall_alta(self) -> float:
        return self.alta_acertos / self.alta_total if self.alta_total else 1.0

    @property
    def taxa_encaminhamento(self) -> float:
        return self.encaminhadas / self.n

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "acuracia": round(self.acuracia, 4),
            "fechamentos_errados_por_mil": round(self.fechamentos_errados_por_mil, 1),
            "recall_alta": round(self.recall_alta, 4),
            "taxa_encaminhamento": round(self.taxa_encaminhamento, 4),
            "abaixo_da_minima": self.abaixo_da_minima,
            "criticas": self.criticas_total,
            "criticas_falhas": len(self.criticas_falhas),
        }


def ler(path: Path) -> list[Caso]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Caso(r["mensagem"], r["intencao"], r["automatica_ok"] == "sim", r["prioridade_minima"])
            for r in csv.DictReader(fh)
        ]


def avaliar(triador: Triador, casos: list[Caso]) -> RelatorioPtbr:
    relatorio = RelatorioPtbr()
    for caso in casos:
        _contar(relatorio, caso, triador.classify(caso.mensagem).para_empresa(VALORES_DE_MESA))
    return relatorio


def _contar(relatorio: RelatorioPtbr, caso: Caso, triagem: Triagem) -> None:
    relatorio.n += 1
    relatorio.acertos += triagem.intencao == caso.intencao
    relatorio.encaminhadas += triagem.encaminhar
    resumo = (caso.mensagem, caso.intencao, triagem.intencao)
    # Closed by the bot when a person was needed, or with another intent's answer.
    if triagem.resolvido_automaticamente and (
        not caso.automatica_ok or triagem.intencao != caso.intencao
    ):
        relatorio.fechamentos_errados.append(resumo)
    nivel = PRIORIDADES.index(triagem.prioridade)
    relatorio.abaixo_da_minima += nivel < PRIORIDADES.index(caso.prioridade_minima)
    if caso.prioridade_minima == "alta":
        relatorio.alta_total += 1
        relatorio.alta_acertos += triagem.prioridade == "alta"
    if caso.intencao in CRITICAS:
        relatorio.criticas_total += 1
        if not (triagem.encaminhar and triagem.prioridade == "alta"):
            relatorio.criticas_falhas.append(resumo)


def render(nome: str, relatorio: RelatorioPtbr) -> str:
    linhas = [
        f"conjunto {nome}: {relatorio.n} mensagens",
        f"acurácia da intenção: {relatorio.acuracia:.1%}",
        f"fechamentos automáticos errados: {len(relatorio.fechamentos_errados)} "
        f"({relatorio.fechamentos_errados_por_mil:.1f} por mil)",
        f"prioridade alta reconhecida: {relatorio.recall_alta:.1%} de {relatorio.alta_total}",
        f"abaixo da prioridade mínima: {relatorio.abaixo_da_minima}",
        f"encaminhadas a uma pessoa: {relatorio.taxa_encaminhamento:.1%}",
        f"contestação, fraude e ameaça jurídica sem pessoa + alta: "
        f"{len(relatorio.criticas_falhas)} de {relatorio.criticas_total}",
    ]
    for titulo, casos in (
        ("fechadas errado", relatorio.fechamentos_errados),
        ("críticas sem pessoa + alta", relatorio.criticas_falhas),
    ):
        linhas += [
            f"  {titulo}: {m[:70]!r} ({esperada} -> {obtida})" for m, esperada, obtida in casos
        ]
    return "\n".join(linhas)
