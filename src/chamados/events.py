"""What the chamados domain tells the rest of the system (see src/core/events.py)."""

from dataclasses import dataclass

from src.models import Chamado, Resposta


@dataclass(frozen=True, slots=True)
class ChamadoCriado:
    """chamado.criado: a ticket was filed and triaged."""

    chamado: Chamado


@dataclass(frozen=True, slots=True)
class StatusAlterado:
    """chamado.status_alterado: the status changed (never emitted for a no-op)."""

    chamado: Chamado
    anterior: str


@dataclass(frozen=True, slots=True)
class MensagemCriada:
    """mensagem.criada: an operator replied on the ticket."""

    chamado: Chamado
    resposta: Resposta
    primeira_resposta: bool
