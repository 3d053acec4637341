import pytest

from src.triage.runtime.keywords import REGRAS, match_rule
from src.triage.runtime.pipeline import Triador

CONTRATO = {
    "documento": (
        "baixa",
        True,
        "📄 Clique aqui para acessar suas faturas e segunda via de boletos.",
    ),
    "gerenciamento_plano": (
        "média",
        True,
        "📋 Para gerenciar seu plano, acesse 'Minha Conta' no menu principal.",
    ),
    "problema_tecnico": (
        "alta",
        False,
        "⚠️ Seu chamado foi registrado como prioritário. "
        "Um especialista entrará em contato em breve.",
    ),
    "agradecimento": (
        "baixa",
        True,
        "😊 De nada! Fico feliz em ajudar. Qualquer dúvida, estarei aqui.",
    ),
    "geral": (
        "média",
        False,
        "👋 Obrigado pelo contato! Seu chamado foi registrado. Responderemos em breve.",
    ),
}


def test_rules_table_is_the_contract() -> None:
    assert [(r.intencao.nome, r.palavras) for r in REGRAS] == [
        ("documento", ("segunda via", "boleto", "fatura", "invoice")),
        ("gerenciamento_plano", ("meu plano", "upgrade", "downgrade", "trocar plano")),
        (
            "problema_tecnico",
            ("problema", "erro", "não funciona", "bugado", "travado", "urgente"),
        ),
        ("agradecimento", ("obrigado", "valeu", "thanks", "tks")),
    ]


@pytest.mark.parametrize(
    ("mensagem", "intencao"),
    [
        ("Segunda via boleto", "documento"),
        ("minha INVOICE", "documento"),
        ("quero fazer UPGRADE", "gerenciamento_plano"),
        ("meu sistema está com erro grave", "problema_tecnico"),
        ("o app NÃO FUNCIONA", "problema_tecnico"),
        ("Valeu!", "agradecimento"),
        ("tks", "agradecimento"),
        ("bom dia", "geral"),
        # first rule wins
        ("erro no boleto", "documento"),
        ("obrigado, mas meu plano está travado", "gerenciamento_plano"),
        # substring semantics of the contract ("terror" contains "erro")
        ("filme de terror", "problema_tecnico"),
        # no accent folding in the contract rules
        ("nao funciona", "geral"),
    ],
)
def test_first_matching_rule_wins(mensagem: str, intencao: str) -> None:
    assert match_rule(mensagem).nome == intencao


@pytest.mark.parametrize(
    ("mensagem", "intencao"),
    [
        ("segunda via boleto", "documento"),
        ("trocar plano", "gerenciamento_plano"),
        ("meu sistema está com erro grave", "problema_tecnico"),
        ("obrigado", "agradecimento"),
        ("qual o horário de vocês?", "geral"),
    ],
)
def test_keywords_backend_outcome(triador_keywords: Triador, mensagem: str, intencao: str) -> None:
    triagem = triador_keywords.classify(mensagem)
    prioridade, resolvido, resposta = CONTRATO[intencao]
    assert triagem.intencao == intencao
    assert triagem.prioridade == prioridade
    assert triagem.resolvido_automaticamente is resolvido
    assert triagem.resposta == resposta
    assert triagem.backend == "keywords"


def test_keywords_catalog_lists_contract_intents(triador_keywords: Triador) -> None:
    assert set(triador_keywords.catalog.nomes) == set(CONTRATO)
