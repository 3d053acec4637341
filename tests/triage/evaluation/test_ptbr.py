"""The product's triage on the pt-BR sets (src/triage/evaluation/ptbr.py): the issue's targets
on the dev set, and no regression from the figures measured on the held-out set."""

import pytest

from src.triage.evaluation import ptbr
from src.triage.runtime.pipeline import Triador


@pytest.fixture(scope="module")
def relatorios(triador_local: Triador) -> dict[str, ptbr.RelatorioPtbr]:
    return {
        nome: ptbr.avaliar(triador_local, ptbr.ler(path)) for nome, path in ptbr.CONJUNTOS.items()
    }


def test_sets_are_big_enough_and_well_labelled() -> None:
    for nome, path in ptbr.CONJUNTOS.items():
        casos = ptbr.ler(path)
        assert len(casos) >= (300 if nome == "dev" else 180)
        assert {c.prioridade_minima for c in casos} == {"baixa", "média", "alta"}
        criticas = [c for c in casos if c.intencao in ptbr.CRITICAS]
        assert all(c.prioridade_minima == "alta" and not c.automatica_ok for c in criticas)


def test_dev_set_meets_the_issue_targets(relatorios) -> None:
    dev = relatorios["dev"]
    assert dev.fechamentos_errados_por_mil <= 5, dev.fechamentos_errados
    assert dev.recall_alta >= 0.95
    assert dev.acuracia >= 0.90


def test_held_out_set_keeps_the_measured_figures(relatorios) -> None:
    """Measured when this was written (docs/triage.md): 92.0 % accuracy, 19.2 wrong automatic
    closures per 1,000 (5 of 261), 89.7 % of `alta` recognised. Not the issue's target yet."""
    teste = relatorios["teste"]
    assert len(teste.fechamentos_errados) <= 5, teste.fechamentos_errados
    assert teste.recall_alta >= 0.89
    assert teste.acuracia >= 0.91
