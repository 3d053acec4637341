"""The contract's keyword rules (HTTP contract v1), kept verbatim for compatibility."""

from __future__ import annotations

from dataclasses import dataclass

from src.triage.runtime.catalog import RESPOSTA_GENERICA, Catalog, Intencao


@dataclass(frozen=True, slots=True)
class RegraPalavraChave:
    intencao: Intencao
    palavras: tuple[str, ...]


def _regra(nome: str, palavras: tuple[str, ...], auto: bool, prioridade: str, resposta: str):
    intencao = Intencao(
        nome=nome,
        descricao=f"Regra do contrato: {', '.join(palavras)}",
        prioridade=prioridade,
        resposta_automatica=auto,
        resposta=resposta,
        exemplos=palavras,
    )
    return RegraPalavraChave(intencao, palavras)


# Order matters: the first rule whose keyword appears in the message wins.
REGRAS: tuple[RegraPalavraChave, ...] = (
    _regra(
        "documento",
        ("segunda via", "boleto", "fatura", "invoice"),
        True,
        "baixa",
        "📄 Clique aqui para acessar suas faturas e segunda via de boletos.",
    ),
    _regra(
        "gerenciamento_plano",
        ("meu plano", "upgrade", "downgrade", "trocar plano"),
        True,
        "média",
        "📋 Para gerenciar seu plano, acesse 'Minha Conta' no menu principal.",
    ),
    _regra(
        "problema_tecnico",
        ("problema", "erro", "não funciona", "bugado", "travado", "urgente"),
        False,
        "alta",
        "⚠️ Seu chamado foi registrado como prioritário. "
        "Um especialista entrará em contato em breve.",
    ),
    _regra(
        "agradecimento",
        ("obrigado", "valeu", "thanks", "tks"),
        True,
        "baixa",
        "😊 De nada! Fico feliz em ajudar. Qualquer dúvida, estarei aqui.",
    ),
)

GERAL = Intencao(
    nome="geral",
    descricao="Qualquer outra mensagem",
    prioridade="média",
    resposta_automatica=False,
    resposta=RESPOSTA_GENERICA,
)

CATALOGO_CONTRATO = Catalog(
    versao="contrato-v1",
    intencoes=(*tuple(r.intencao for r in REGRAS), GERAL),
)


def match_rule(mensagem: str) -> Intencao:
    """Return the intent of the first matching rule, or `geral`."""
    texto = mensagem.lower()
    for regra in REGRAS:
        if any(palavra in texto for palavra in regra.palavras):
            return regra.intencao
    return GERAL
