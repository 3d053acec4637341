"""SLA rules, pure: due times, the state of each target, and which alerts a moment crosses.

Two targets per ticket: the first answer and the resolution, each `minutos` business minutes
after the ticket was opened, plus the business minutes it spent waiting on the customer. A
target is `em_risco` once 80% of its time is used and `violado` once it is due; the ticket's
`sla_estado` is the worst of its open targets (`pausado` while it waits on the customer,
`cumprido` when both were met in time).
"""

from dataclasses import dataclass
from datetime import datetime
from enum import IntFlag

from src.chamados.sla.calendario import Calendario
from src.models import Chamado, Prioridade, SlaEstado, StatusChamado

RISCO = 0.8


@dataclass(frozen=True, slots=True)
class Politica:
    primeira_resposta_minutos: int
    resolucao_minutos: int
    ao_violar_subir_prioridade: bool = False
    ao_violar_equipe_id: int | None = None


# What an empresa gets until it sets its own (business minutes: 1 h / 8 h for alta…).
POLITICAS_PADRAO = {
    Prioridade.ALTA: Politica(60, 8 * 60),
    Prioridade.MEDIA: Politica(4 * 60, 24 * 60),
    Prioridade.BAIXA: Politica(8 * 60, 40 * 60),
}


class Alerta(IntFlag):
    """Recorded once each (`sla_alertas`): a breach is written when it happens, once."""

    PRIMEIRA_RESPOSTA_EM_RISCO = 1
    PRIMEIRA_RESPOSTA_VIOLADA = 2
    RESOLUCAO_EM_RISCO = 4
    RESOLUCAO_VIOLADA = 8


VIOLACOES = Alerta.PRIMEIRA_RESPOSTA_VIOLADA | Alerta.RESOLUCAO_VIOLADA


@dataclass(frozen=True, slots=True)
class _Alvo:
    nome: str
    minutos: int
    ate: datetime
    cumprido_em: datetime | None
    em_risco: Alerta
    violado: Alerta


def definir_prazos(chamado: Chamado, politica: Politica, calendario: Calendario) -> None:
    pausa = chamado.sla_minutos_pausado or 0.0
    inicio = chamado.data_criacao
    chamado.sla_primeira_resposta_ate = calendario.somar(
        inicio, politica.primeira_resposta_minutos + pausa
    )
    chamado.sla_resolucao_ate = calendario.somar(inicio, politica.resolucao_minutos + pausa)


def avaliar(
    chamado: Chamado, politica: Politica, calendario: Calendario, agora: datetime
) -> list[tuple[str, Alerta]]:
    """Set sla_estado, sla_vence_em and sla_verificar_em for `agora`; return the alerts crossed
    now and not recorded before (target name, alert), already marked as recorded."""
    if chamado.status == StatusChamado.AGUARDANDO_CLIENTE:
        chamado.sla_estado = SlaEstado.PAUSADO
        chamado.sla_vence_em = chamado.sla_verificar_em = None
        return []
    novos: list[tuple[str, Alerta]] = []
    estados, pendentes, proximas = [], [], []
    for alvo in _alvos(chamado, politica):
        estado, proxima = _estado(alvo, calendario, chamado, agora)
        estados.append(estado)
        if alvo.cumprido_em is None:
            pendentes.append(alvo.ate)
        if proxima is not None:
            proximas.append(proxima)
        alerta = {SlaEstado.EM_RISCO: alvo.em_risco, SlaEstado.VIOLADO: alvo.violado}.get(estado)
        if alerta is not None and not chamado.sla_alertas & alerta:
            chamado.sla_alertas |= alerta
            novos.append((alvo.nome, alerta))
    chamado.sla_estado = _pior(estados)
    chamado.sla_vence_em = min(pendentes, default=None)
    chamado.sla_verificar_em = min(proximas, default=None)
    return novos


def _alvos(chamado: Chamado, politica: Politica) -> list[_Alvo]:
    resolvido = chamado.status in (StatusChamado.RESOLVIDO, StatusChamado.FECHADO)
    return [
        _Alvo(
            "primeira_resposta",
            politica.primeira_resposta_minutos,
            chamado.sla_primeira_resposta_ate,
            chamado.data_primeira_resposta,
            Alerta.PRIMEIRA_RESPOSTA_EM_RISCO,
            Alerta.PRIMEIRA_RESPOSTA_VIOLADA,
        ),
        _Alvo(
            "resolucao",
            politica.resolucao_minutos,
            chamado.sla_resolucao_ate,
            chamado.data_resolucao if resolvido else None,
            Alerta.RESOLUCAO_EM_RISCO,
            Alerta.RESOLUCAO_VIOLADA,
        ),
    ]


def _estado(
    alvo: _Alvo, calendario: Calendario, chamado: Chamado, agora: datetime
) -> tuple[SlaEstado, datetime | None]:
    """The target's state now, and when it next changes (None: it no longer does)."""
    if alvo.cumprido_em is not None:
        no_prazo = alvo.cumprido_em <= alvo.ate
        return (SlaEstado.CUMPRIDO if no_prazo else SlaEstado.VIOLADO), None
    if agora >= alvo.ate:
        return SlaEstado.VIOLADO, None
    pausa = chamado.sla_minutos_pausado or 0.0
    risco = calendario.somar(chamado.data_criacao, alvo.minutos * RISCO + pausa)
    if agora >= risco:
        return SlaEstado.EM_RISCO, alvo.ate
    return SlaEstado.NO_PRAZO, risco


def _pior(estados: list[SlaEstado]) -> SlaEstado:
    for estado in (SlaEstado.VIOLADO, SlaEstado.EM_RISCO, SlaEstado.NO_PRAZO):
        if estado in estados:
            return estado
    return SlaEstado.CUMPRIDO
