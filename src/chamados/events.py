"""What the chamados domain tells the rest of the system (see src/core/events.py).

Each event is emitted once, by the service that made the change, inside its transaction. The
ticket's history (`chamados/historico`), the métricas counters and, later, webhooks and live
updates all react to these same events. `usuario_id` is who did it; None is the system.
"""

from dataclasses import dataclass

from src.models import Chamado, Mensagem


@dataclass(frozen=True, slots=True)
class ChamadoCriado:
    """chamado.criado: a ticket was filed and triaged."""

    chamado: Chamado


@dataclass(frozen=True, slots=True)
class StatusAlterado:
    """chamado.status_alterado: the status changed (never emitted for a no-op)."""

    chamado: Chamado
    anterior: str
    usuario_id: int | None = None


@dataclass(frozen=True, slots=True)
class PrioridadeAlterada:
    """chamado.prioridade_alterada: by an operator, or raised by the triage of a follow-up."""

    chamado: Chamado
    anterior: str
    usuario_id: int | None = None
    motivo: str = "manual"


@dataclass(frozen=True, slots=True)
class MensagemCriada:
    """mensagem.criada: a message joined the thread (customer, operator, note, bot)."""

    chamado: Chamado
    mensagem: Mensagem
    primeira_resposta: bool


@dataclass(frozen=True, slots=True)
class MensagemTriada:
    """chamado.triado: a customer's follow-up was classified (the opening one is in
    ChamadoCriado)."""

    chamado: Chamado
    mensagem: Mensagem
    intencao: str
    prioridade: str
    confianca: float | None


@dataclass(frozen=True, slots=True)
class ChamadoReaberto:
    """chamado.reaberto: the customer wrote again on a resolved ticket, within the window."""

    chamado: Chamado
    mensagem: Mensagem


@dataclass(frozen=True, slots=True)
class ChamadoContinuado:
    """chamado.continuado: the customer wrote on a closed ticket (or after the window): the
    conversation goes on in a new ticket linked to this one."""

    chamado: Chamado
    novo: Chamado


@dataclass(frozen=True, slots=True)
class AtribuicaoAlterada:
    """chamado.atribuido / chamado.transferido: the operator or the team changed."""

    chamado: Chamado
    atendente_anterior: int | None
    equipe_anterior: int | None
    usuario_id: int | None = None
    motivo: str = "automatica"


@dataclass(frozen=True, slots=True)
class SlaAlerta:
    """chamado.sla_em_risco / chamado.sla_violado: a target (primeira_resposta or resolucao)
    crossed 80% of its time or its due time; emitted once per target and state."""

    chamado: Chamado
    alvo: str
    estado: str
    politica: object  # chamados.sla.regras.Politica: what a breach must also do


@dataclass(frozen=True, slots=True)
class UsuariosNotificados:
    """chamado.notificado: operators were told about the ticket (an SLA at risk or breached)."""

    chamado: Chamado
    usuario_ids: tuple[int, ...]
    motivo: str


@dataclass(frozen=True, slots=True)
class CsatRespondida:
    """chamado.csat: the customer answered the satisfaction survey."""

    chamado: Chamado


@dataclass(frozen=True, slots=True)
class EtiquetasAlteradas:
    """chamado.etiquetas: labels were put on or taken off the ticket."""

    chamado: Chamado
    adicionadas: tuple[str, ...]
    removidas: tuple[str, ...]
    usuario_id: int | None


@dataclass(frozen=True, slots=True)
class TriagemAdotada:
    """chamado.triagem_adotada: a conversation turn (a greeting) took the triage of the
    customer's next message: its intent, and whether it was answered or handed off."""

    chamado: Chamado
    intencao_anterior: str
    resolvido_automaticamente_antes: bool


@dataclass(frozen=True, slots=True)
class EquipeDesfeita:
    """equipe.apagada: a team was deleted; its tickets (closed ones in bulk) have none now."""

    equipe_id: int
