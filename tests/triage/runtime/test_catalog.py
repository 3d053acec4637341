import csv
from pathlib import Path

import pytest

from src.empresas.schemas import LinksEmpresa
from src.triage.catalogo_empresa.schemas import IntencaoUpdate
from src.triage.runtime.catalog import CatalogError, catalog_from_dict, load_catalog
from src.triage.runtime.keywords import CATALOGO_CONTRATO
from src.triage.runtime.respostas import VARIAVEIS_EMPRESA
from src.triage.runtime.text import normalize

EXIGIDAS = {
    "documento",
    "gerenciamento_plano",
    "problema_tecnico",
    "agradecimento",
    "geral",
    "pagamento",
    "cancelamento",
    "reclamacao",
    "atendimento_humano",
    "cadastro",
    "saudacao",
    # pt-BR desks (issue 12)
    "pagamento_nao_compensado",
    "cobranca_indevida",
    "fraude",
    "acesso",
    "sem_conexao",
    "lentidao",
    "equipamento",
    "app_site",
    "pedido_entrega",
    "ameaca_juridica",
    "lgpd",
    "vazio",
}


def test_bundled_catalog_has_the_service_desk_intents() -> None:
    catalog = load_catalog()
    assert set(catalog.nomes) >= EXIGIDAS
    assert catalog.fallback == "geral"
    # every intent the classifier can pick has examples ("vazio" is never picked by it)
    assert all(len(i.exemplos) >= 10 for i in catalog.intencoes if i.nome != "vazio")
    assert all(i.prioridade in ("baixa", "média", "alta") for i in catalog.intencoes)


def test_contract_intents_keep_names_and_priorities() -> None:
    """The v1 keyword rules keep their answers (backend `keywords`); the product catalog keeps
    their names and priorities, with answers that point somewhere (issue 12)."""
    catalog = load_catalog()
    for contrato in CATALOGO_CONTRATO.intencoes:
        assert catalog[contrato.nome].prioridade == contrato.prioridade
    assert not any("Clique aqui" in i.resposta for i in catalog.intencoes)
    assert not any("'Minha Conta'" in i.resposta for i in catalog.intencoes)


def test_conversation_turns_are_never_automatic_resolutions() -> None:
    catalog = load_catalog()
    conversas = {i.nome for i in catalog.intencoes if i.conversa}
    assert conversas == {"saudacao", "agradecimento", "vazio"}
    assert not any(catalog[nome].resposta_automatica for nome in conversas)


def test_answers_pass_the_rules_an_admin_editing_them_meets() -> None:
    """Known placeholders only, within the length limit (catalogo_empresa/schemas.py)."""
    for intencao in load_catalog().intencoes:
        IntencaoUpdate(
            resposta=intencao.resposta, resposta_encaminhamento=intencao.resposta_encaminhamento
        )


def _evaluation_texts(data_dir: Path) -> set[str]:
    own = Path(__file__).parents[3] / "src" / "triage" / "evaluation"
    files = [
        (own / "dev_ptbr.csv", ",", "mensagem"),
        (own / "teste_ptbr.csv", ",", "mensagem"),
        (data_dir / "credsystem-ptbr" / "intents_pre_loaded.csv", ";", "intent"),
        (data_dir / "credsystem-ptbr" / "extra_intents.csv", ";", "intent"),
        (data_dir / "banking77" / "test.csv", ",", "text"),
    ]
    texts = set()
    for path, sep, col in files:
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                texts |= {normalize(r[col]) for r in csv.DictReader(fh, delimiter=sep)}
    return texts


def test_catalog_copies_no_evaluation_row(data_dir: Path) -> None:
    texts = _evaluation_texts(data_dir)
    if not texts:
        pytest.skip("dados de avaliação ausentes")
    exemplos = {normalize(e) for i in load_catalog().intencoes for e in i.exemplos}
    # one- or two-word greetings ("obrigado") can legitimately coincide
    copied = {e for e in exemplos & texts if len(e.split()) > 2}
    assert not copied


def test_version_defaults_to_content_hash(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "intencoes:\n  - {nome: geral, prioridade: média, resposta: oi, exemplos: [a]}\n",
        encoding="utf-8",
    )
    first = load_catalog(path).versao
    assert len(first) == 12
    path.write_text(path.read_text(encoding="utf-8").replace("oi", "olá"), encoding="utf-8")
    assert load_catalog(path).versao != first


@pytest.mark.parametrize(
    "data",
    [
        {"intencoes": [{"nome": "x", "prioridade": "média", "resposta": "r"}]},  # no geral
        {"intencoes": [{"nome": "geral", "prioridade": "urgente", "resposta": "r"}]},
        {"intencoes": [{"nome": "geral", "prioridade": "média"}]},
    ],
)
def test_invalid_catalogs_are_rejected(data: dict) -> None:
    with pytest.raises(CatalogError):
        catalog_from_dict(data)


def test_every_empresa_link_is_a_placeholder_and_back() -> None:
    """The links an admin sets (empresas/schemas.py) are exactly the ones answers can name."""
    links = {f"link_{nome}" for nome in LinksEmpresa.model_fields}
    assert links | {"nome"} == VARIAVEIS_EMPRESA
