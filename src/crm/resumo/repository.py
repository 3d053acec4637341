"""The summary's reads: each one index-backed and bounded, none per row."""

from collections.abc import Sequence

from sqlalchemy import select

from src.core.repository import Repository
from src.models import Chamado, Pagamento

ULTIMOS = 5


class ResumoRepository(Repository):
    async def ultimos_pagamentos(self, cliente_id: int) -> Sequence[Pagamento]:
        consulta = (
            select(Pagamento)
            .where(Pagamento.cliente_id == cliente_id)
            .order_by(Pagamento.data.desc(), Pagamento.id.desc())
            .limit(ULTIMOS)
        )
        return (await self.session.scalars(consulta)).all()

    async def chamados_recentes(self, cliente_id: int) -> Sequence[Chamado]:
        consulta = (
            select(Chamado)
            .where(Chamado.cliente_id == cliente_id)
            .order_by(Chamado.id.desc())
            .limit(ULTIMOS)
        )
        return (await self.session.scalars(consulta)).all()
