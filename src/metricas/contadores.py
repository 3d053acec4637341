"""How each write to chamados moves the métricas counters (pure: no SQL here).

One counter row per (dimensao, valor, shard): `dimensao` is "geral", "canal", "status" or
"intencao". The handlers in `events.py` apply these deltas in the same transaction as the write.
"""

from dataclasses import dataclass

from src.models import Chamado

SHARDS = 16
GERAL = ("geral", "*")
SUMMED = ("total", "resolvidos_automaticamente", "respondidos", "segundos_ate_resposta")


@dataclass(frozen=True, slots=True)
class Delta:
    dimensao: str
    valor: str
    total: int = 0
    resolvidos_automaticamente: int = 0
    respondidos: int = 0
    segundos_ate_resposta: float = 0.0


def chamado_criado(chamado: Chamado) -> list[Delta]:
    auto = int(chamado.resolvido_automaticamente)
    respondido = chamado.data_primeira_resposta is not None
    geral = Delta(
        *GERAL,
        total=1,
        resolvidos_automaticamente=auto,
        respondidos=int(respondido),
        segundos_ate_resposta=_seconds_to_answer(chamado) if respondido else 0.0,
    )
    return [
        geral,
        Delta("canal", chamado.canal, total=1, resolvidos_automaticamente=auto),
        Delta("status", chamado.status, total=1, resolvidos_automaticamente=auto),
        Delta("intencao", chamado.intencao, total=1, resolvidos_automaticamente=auto),
    ]


def status_mudou(chamado: Chamado, anterior: str) -> list[Delta]:
    if anterior == chamado.status:
        return []
    auto = int(chamado.resolvido_automaticamente)
    return [
        Delta("status", anterior, total=-1, resolvidos_automaticamente=-auto),
        Delta("status", chamado.status, total=1, resolvidos_automaticamente=auto),
    ]


def triagem_adotada(chamado: Chamado, intencao_anterior: str, auto_anterior: bool) -> list[Delta]:
    """A conversation turn (a greeting) took the intent of the customer's next message."""
    auto = int(chamado.resolvido_automaticamente)
    mudou = auto - int(auto_anterior)
    deltas = [
        Delta(
            "intencao", intencao_anterior, total=-1, resolvidos_automaticamente=-int(auto_anterior)
        ),
        Delta("intencao", chamado.intencao, total=1, resolvidos_automaticamente=auto),
    ]
    if mudou:
        deltas += [
            Delta(*GERAL, resolvidos_automaticamente=mudou),
            Delta("canal", chamado.canal, resolvidos_automaticamente=mudou),
            Delta("status", chamado.status, resolvidos_automaticamente=mudou),
        ]
    return deltas


def primeira_resposta(chamado: Chamado) -> list[Delta]:
    return [Delta(*GERAL, respondidos=1, segundos_ate_resposta=_seconds_to_answer(chamado))]


def _seconds_to_answer(chamado: Chamado) -> float:
    assert chamado.data_primeira_resposta is not None
    return (chamado.data_primeira_resposta - chamado.data_criacao).total_seconds()
