"""The summary's reads: each one index-backed and bounded, none per row.

Statements are built once, at import: the session scopes each statement object to the
empresa once (core/tenancy.py) and SQLAlchemy compiles it once; calls only bind values.
"""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.repository import Repository
from src.models import Chamado, Pagamento

ULTIMOS = 5
_PAGAMENTOS = (
    select(Pagamento)
    .where(Pagamento.cliente_id == bindparam("cliente_id"))
    .order_by(Pagamento.data.desc(), Pagamento.id.desc())
    .limit(ULTIMOS)
)
_CHAMADOS = (
    select(Chamado)
    .where(Chamado.cliente_id == bindparam("cliente_id"))
    .order_by(Chamado.id.desc())
    .limit(ULTIMOS)
)


class ResumoRepository(Repository):
    async def ultimos_pagamentos(self, cliente_id: int) -> Sequence[Pagamento]:
        return (await self.session.scalars(_PAGAMENTOS, {"cliente_id": cliente_id})).all()

    async def chamados_recentes(self, cliente_id: int) -> Sequence[Chamado]:
        return (await self.session.scalars(_CHAMADOS, {"cliente_id": cliente_id})).all()
