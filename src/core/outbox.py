"""The claim step shared by the service's outboxes (answers sent through channels, webhook
deliveries): rows with `estado`, `tentativas` and `proxima_em`, written with the change they
carry and sent by the worker.

A worker claims due rows with SKIP LOCKED (other workers never take the same ones) and marks
them `enviando` with their next try pushed `prazo` ahead, in a transaction of its own: a worker
that dies leaves claims that fall due again when the lease runs out.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, select

PENDENTE = "pendente"
ENVIANDO = "enviando"


def vencidas(modelo: Any, lote: int) -> Select:
    """Rows waiting, or claimed by a worker whose lease ran out; `agora` is bound."""
    return (
        select(modelo)
        .where(modelo.estado.in_((PENDENTE, ENVIANDO)), modelo.proxima_em <= bindparam("agora"))
        .order_by(modelo.proxima_em, modelo.id)
        .limit(lote)
        .with_for_update(skip_locked=True)
    )


def reivindicar(linhas: Iterable[Any], agora: datetime, prazo: timedelta) -> None:
    for linha in linhas:
        linha.estado = ENVIANDO
        linha.tentativas += 1
        linha.proxima_em = agora + prazo
