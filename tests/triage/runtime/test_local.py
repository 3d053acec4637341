import time
from pathlib import Path

import pytest

from src.triage.runtime.encoder import EncoderUnavailableError, SentenceEncoder
from src.triage.runtime.pipeline import Triador, TriageConfig


def test_contract_examples_keep_their_outcome(triador_local: Triador) -> None:
    boleto = triador_local.classify("segunda via boleto")
    assert boleto.intencao == "documento"
    assert boleto.resolvido_automaticamente
    assert boleto.resposta == "📄 Clique aqui para acessar suas faturas e segunda via de boletos."
    assert boleto.backend == "local"

    erro = triador_local.classify("meu sistema está com erro grave")
    assert erro.intencao == "problema_tecnico"
    assert not erro.resolvido_automaticamente
    assert erro.prioridade == "alta"
    assert "prioritário" in erro.resposta


@pytest.mark.parametrize(
    ("mensagem", "intencao"),
    [
        ("vc consegue me mandar a fatura desse mes?", "documento"),
        ("quero falar com uma pessoa", "atendimento_humano"),
        ("quero cancelar minha assinatura", "cancelamento"),
        ("já paguei, como mando o comprovante?", "pagamento"),
        ("boa tarde!", "saudacao"),
        ("a internet caiu de novo", "problema_tecnico"),
    ],
)
def test_everyday_messages(triador_local: Triador, mensagem: str, intencao: str) -> None:
    assert triador_local.classify(mensagem).intencao == intencao


def test_result_fields(triador_local: Triador) -> None:
    triagem = triador_local.classify("quero mudar meu plano")
    assert 0.0 <= triagem.confianca_segunda <= triagem.confianca <= 1.0
    assert triagem.segunda_intencao not in (None, triagem.intencao)
    assert triagem.versao_catalogo == triador_local.catalog.versao


def test_empty_message_goes_to_human(triador_local: Triador) -> None:
    triagem = triador_local.classify("   ")
    assert triagem.intencao == "geral"
    assert not triagem.resolvido_automaticamente


def test_local_backend_loads_and_runs_without_network(model_dir: Path, no_network) -> None:
    config = TriageConfig(backend="local", model_dir=model_dir, require_encoder=True)
    triador = Triador.build(config)
    assert triador.classify("segunda via da fatura").intencao == "documento"


def test_missing_encoder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(EncoderUnavailableError):
        SentenceEncoder.load(tmp_path)


def test_missing_encoder_degrades_to_lexical_model(tmp_path: Path) -> None:
    triador = Triador.build(TriageConfig(model_dir=tmp_path))
    assert triador.classify("segunda via do boleto").intencao == "documento"


def test_classify_is_fast(triador_local: Triador) -> None:
    mensagens = ["segunda via boleto", "meu app não abre desde ontem, urgente"] * 50
    started = time.perf_counter()
    for mensagem in mensagens:
        triador_local.classify(mensagem)
    per_message_ms = (time.perf_counter() - started) * 1000 / len(mensagens)
    assert per_message_ms < 10  # measured ~0.6 ms; generous for loaded CI machines


def test_catalog_exposes_intents(triador_local: Triador) -> None:
    documento = triador_local.catalog["documento"]
    assert documento.resposta_automatica
    assert documento.exemplos


def test_unknown_backend_is_rejected() -> None:
    with pytest.raises(ValueError, match="backend"):
        Triador.build(TriageConfig(backend="nuvem"))
