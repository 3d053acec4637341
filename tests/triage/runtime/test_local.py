import time
from pathlib import Path

import pytest

from src.triage.runtime.encoder import EncoderUnavailableError, SentenceEncoder
from src.triage.runtime.pipeline import Triador, TriageConfig


def test_contract_examples_keep_their_outcome(triador_local: Triador) -> None:
    boleto = triador_local.classify("segunda via boleto")
    assert boleto.intencao == "documento"
    assert boleto.resolvido_automaticamente
    assert "{{empresa.link_segunda_via}}" in boleto.resposta  # filled per empresa
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
        ("como faço pra pagar com pix?", "pagamento"),
        ("paguei o boleto ontem e ainda aparece em aberto", "pagamento_nao_compensado"),
        ("não reconheço essa compra na minha fatura", "cobranca_indevida"),
        ("não consigo acessar minha conta, esqueci a senha", "acesso"),
        ("vou no procon se não resolverem hoje", "ameaca_juridica"),
        ("2 via", "documento"),
        ("bom dia! preciso de ajuda", "saudacao"),
        ("boa tarde!", "saudacao"),
        ("a internet caiu de novo", "sem_conexao"),
    ],
)
def test_everyday_messages(triador_local: Triador, mensagem: str, intencao: str) -> None:
    assert triador_local.classify(mensagem).intencao == intencao


def test_result_fields(triador_local: Triador) -> None:
    triagem = triador_local.classify("quero mudar meu plano")
    assert 0.0 <= triagem.confianca_segunda <= triagem.confianca <= 1.0
    assert triagem.segunda_intencao not in (None, triagem.intencao)
    assert triagem.versao_catalogo == triador_local.catalog.versao


def test_empty_message_asks_what_the_customer_needs(triador_local: Triador) -> None:
    triagem = triador_local.classify("   ")
    assert triagem.intencao == "vazio"
    assert triagem.conversa
    assert not triagem.resolvido_automaticamente
    assert not triagem.encaminhar


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
