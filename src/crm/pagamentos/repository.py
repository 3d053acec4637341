"""All SQL about pagamentos."""

from collections.abc import Sequence

from sqlalchemy import select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Pagamento


class PagamentoRepository(Repository):
    async def get(self, pagamento_id: int) -> Pagamento | None:
        return await self.session.get(Pagamento, pagamento_id)

    async def por_id_externo(self, id_externo: str) -> Pagamento | None:
        return await self.session.scalar(
            select(Pagamento).where(Pagamento.id_externo == id_externo)
        )

    async def listar(
        self, page: PageParams, fatura_id: int | None, cliente_id: int | None
    ) -> Sequence[Pagamento]:
        consulta = select(Pagamento).order_by(Pagamento.data.desc(), Pagamento.id.desc())
        if fatura_id is not None:
            consulta = consulta.where(Pagamento.fatura_id == fatura_id)
        if cliente_id is not None:
            consulta = consulta.where(Pagamento.cliente_id == cliente_id)
        return (await self.session.scalars(consulta.offset(page.skip).limit(page.limit))).all()
