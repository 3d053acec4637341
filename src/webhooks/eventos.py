"""What integrators can subscribe to, and what each event says about the ticket.

The body is built once, in the transaction of the change, and sent byte for byte on every
attempt: a retry three days later says what happened then, not what the ticket looks like now.
"""

import json
from datetime import datetime
from typing import Any

from src.models import Chamado, Mensagem
from src.models.base import utcnow

TIPOS = {
    "chamado.criado": "Um chamado foi aberto (por API, WhatsApp, e-mail ou chat)",
    "chamado.status_alterado": "O status do chamado mudou",
    "chamado.prioridade_alterada": "A prioridade mudou (por um atendente ou pela triagem)",
    "chamado.atribuido": "O chamado foi atribuído ou transferido (atendente ou equipe)",
    "mensagem.criada": "Uma mensagem entrou na conversa (cliente, atendente, bot ou nota)",
    "sla.em_risco": "Um prazo de SLA passou de 80% do tempo",
    "sla.violado": "Um prazo de SLA venceu sem ser cumprido",
    "csat.respondido": "O cliente respondeu a pesquisa de satisfação",
}


def _data(valor: datetime | None) -> str | None:
    return valor.isoformat() if valor else None


def chamado(chamado: Chamado) -> dict[str, Any]:
    return {
        "id": chamado.id,
        "cliente_id": chamado.cliente_id,
        "canal": chamado.canal,
        "status": chamado.status,
        "prioridade": chamado.prioridade,
        "intencao": chamado.intencao,
        "equipe_id": chamado.equipe_id,
        "atendente_id": chamado.atendente_id,
        "sla_estado": chamado.sla_estado,
        "data_criacao": _data(chamado.data_criacao),
        "data_atualizacao": _data(chamado.data_atualizacao),
    }


def mensagem(mensagem: Mensagem) -> dict[str, Any]:
    return {
        "id": mensagem.id,
        "chamado_id": mensagem.chamado_id,
        "autor_tipo": mensagem.autor_tipo,
        "autor_id": mensagem.autor_id,
        "interna": mensagem.interna,
        "canal": mensagem.canal,
        "mensagem": mensagem.mensagem,
        "data_criacao": _data(mensagem.data_criacao),
    }


def corpo(tipo: str, dados: dict[str, Any]) -> str:
    """The Standard Webhooks payload shape: type, timestamp, data."""
    payload = {"type": tipo, "timestamp": utcnow().isoformat(), "data": dados}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
