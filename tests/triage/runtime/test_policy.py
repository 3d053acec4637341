import pytest

from src.triage.runtime.catalog import Catalog, Intencao
from src.triage.runtime.local import Ranking
from src.triage.runtime.pipeline import TriageConfig, decide

CATALOGO = Catalog(
    versao="t1",
    intencoes=(
        Intencao("documento", "", "baixa", True, "resposta documento"),
        Intencao("problema_tecnico", "", "alta", False, "resposta prioritária"),
        Intencao("geral", "", "média", False, "resposta genérica"),
    ),
)
CONFIG = TriageConfig(backend="local", min_confidence=0.7, min_margin=0.3)


def _decide(intencao: str, conf: float, conf2: float, segunda: str | None = "geral"):
    return decide(CATALOGO, Ranking(intencao, conf, segunda, conf2), CONFIG, "local")


def test_confident_auto_intent_is_answered() -> None:
    triagem = _decide("documento", 0.9, 0.05)
    assert triagem.resolvido_automaticamente
    assert triagem.resposta == "resposta documento"
    assert triagem.prioridade == "baixa"
    assert triagem.versao_catalogo == "t1"


@pytest.mark.parametrize(("conf", "conf2"), [(0.69, 0.1), (0.75, 0.5), (0.5, 0.49)])
def test_low_confidence_or_small_margin_goes_to_human(conf: float, conf2: float) -> None:
    triagem = _decide("documento", conf, conf2)
    assert not triagem.resolvido_automaticamente
    assert triagem.resposta == "resposta genérica"
    assert triagem.prioridade == "média"
    # the classifier's opinion is still reported for the operators
    assert triagem.intencao == "documento"
    assert triagem.confianca == conf


def test_thresholds_are_inclusive() -> None:
    exact = TriageConfig(min_confidence=0.75, min_margin=0.25)  # binary-exact values
    ranking = Ranking("documento", 0.75, "geral", 0.5)
    assert decide(CATALOGO, ranking, exact, "local").resolvido_automaticamente


def test_intent_without_automatic_answer_keeps_its_priority_and_answer() -> None:
    triagem = _decide("problema_tecnico", 0.95, 0.01)
    assert not triagem.resolvido_automaticamente
    assert triagem.prioridade == "alta"
    assert triagem.resposta == "resposta prioritária"


def test_unknown_intent_falls_back() -> None:
    triagem = _decide("nao_existe", 0.99, 0.0)
    assert not triagem.resolvido_automaticamente
    assert triagem.resposta == "resposta genérica"


def test_thresholds_come_from_config() -> None:
    permissive = TriageConfig(min_confidence=0.2, min_margin=0.0)
    ranking = Ranking("documento", 0.3, "geral", 0.29)
    assert decide(CATALOGO, ranking, permissive, "local").resolvido_automaticamente
