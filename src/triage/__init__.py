# TEMPORARY integration shim written by the service integrator so the API can run while the
# triage package is being built. The triage owner replaces this whole file.
from dataclasses import dataclass
from pathlib import Path

_RULES = (
    (
        "documento",
        ("segunda via", "boleto", "fatura", "invoice"),
        True,
        "baixa",
        "📄 Clique aqui para acessar suas faturas e segunda via de boletos.",
    ),
    (
        "gerenciamento_plano",
        ("meu plano", "upgrade", "downgrade", "trocar plano"),
        True,
        "média",
        "📋 Para gerenciar seu plano, acesse 'Minha Conta' no menu principal.",
    ),
    (
        "problema_tecnico",
        ("problema", "erro", "não funciona", "bugado", "travado", "urgente"),
        False,
        "alta",
        "⚠️ Seu chamado foi registrado como prioritário. Um especialista entrará em contato em breve.",
    ),
    (
        "agradecimento",
        ("obrigado", "valeu", "thanks", "tks"),
        True,
        "baixa",
        "😊 De nada! Fico feliz em ajudar. Qualquer dúvida, estarei aqui.",
    ),
)
_GERAL = "👋 Obrigado pelo contato! Seu chamado foi registrado. Responderemos em breve."


@dataclass(frozen=True, slots=True)
class Triagem:
    intencao: str
    confianca: float
    segunda_intencao: str | None
    confianca_segunda: float
    prioridade: str
    resolvido_automaticamente: bool
    resposta: str
    backend: str
    versao_catalogo: str


@dataclass(frozen=True)
class TriageConfig:
    backend: str = "keywords"
    min_confidence: float = 0.5
    min_margin: float = 0.1
    catalog_path: Path | None = None


class Triador:
    @classmethod
    def build(cls, config: TriageConfig) -> "Triador":
        return cls()

    def classify(self, mensagem: str) -> Triagem:
        lowered = mensagem.lower()
        for intencao, keywords, resolved, prioridade, resposta in _RULES:
            if any(keyword in lowered for keyword in keywords):
                return Triagem(
                    intencao,
                    1.0,
                    None,
                    0.0,
                    prioridade,
                    resolved,
                    resposta,
                    "keywords",
                    "v1",
                )
        return Triagem("geral", 1.0, None, 0.0, "média", False, _GERAL, "keywords", "v1")
