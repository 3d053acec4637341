"""The domains whose event handlers a process must load (src/core/events.py): every process
that writes (the API, the worker) imports this, or a write done there would skip, say, the
métricas or the outbox of the channels and webhooks."""

from src.canais import events as canais
from src.chamados.atribuicao import events as atribuicao
from src.chamados.csat import events as csat
from src.chamados.historico import events as historico
from src.chamados.sla import events as sla
from src.metricas import events as metricas
from src.webhooks import events as webhooks

DOMINIOS = (metricas, historico, atribuicao, sla, csat, canais, webhooks)


def registrados() -> tuple:
    """The modules whose import registered the handlers (named, so the import stays)."""
    return DOMINIOS
