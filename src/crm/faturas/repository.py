"""All SQL about faturas."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.crm.calendario import limite_vencidas
from src.models import Fatura, StatusFatura

# Built once (see src/crm/resumo/repository.py): the hot reads only bind values.
_POR_ID = select(Fatura).where(Fatura.id == bindparam("fatura_id"))
_POR_ID_TRAVADA = _POR_ID.with_for_update()
_EM_ABERTO = (
    select(Fatura)
    .where(Fatura.cliente_id == bindparam("cliente_id"), Fatura.status == StatusFatura.ABERTA)
    .order_by(Fatura.vencimento, Fatura.id)
)


@dataclass(frozen=True)
class FiltroFaturas:
    cliente_id: int | None = None
    contrato_id: int | None = None
    status: StatusFatura | None = None
    competencia: str | None = None


class FaturaRepository(Repository):
    async def get(self, fatura_id: int, *, para_alterar: bool = False) -> Fatura | None:
        # Payments and changes of one invoice lock it: one at a time.
        consulta = _POR_ID_TRAVADA if para_alterar else _POR_ID
        return await self.session.scalar(consulta, {"fatura_id": fatura_id})

    async def existe(self, contrato_id: int, competencia: str) -> bool:
        consulta = select(Fatura.id).where(
            Fatura.contrato_id == contrato_id, Fatura.competencia == competencia
        )
        return await self.session.scalar(consulta) is not None

    async def listar(self, page: PageParams, filtro: FiltroFaturas, hoje: date) -> Sequence[Fatura]:
        consulta = select(Fatura).order_by(Fatura.vencimento.desc(), Fatura.id.desc())
        if filtro.cliente_id is not None:
            consulta = consulta.where(Fatura.cliente_id == filtro.cliente_id)
        if filtro.contrato_id is not None:
            consulta = consulta.where(Fatura.contrato_id == filtro.contrato_id)
        if filtro.competencia is not None:
            consulta = consulta.where(Fatura.competencia == filtro.competencia)
        if filtro.status is not None:
            consulta = consulta.where(*_com_status(filtro.status, hoje))
        return (await self.session.scalars(consulta.offset(page.skip).limit(page.limit))).all()

    async def em_aberto_do_cliente(self, cliente_id: int) -> Sequence[Fatura]:
        return (await self.session.scalars(_EM_ABERTO, {"cliente_id": cliente_id})).all()


def _com_status(status: StatusFatura, hoje: date) -> tuple:
    # `vencida` is not stored: an open invoice past its due date (moved to a business day).
    limite = limite_vencidas(hoje)
    if status == StatusFatura.VENCIDA:
        return (Fatura.status == StatusFatura.ABERTA, Fatura.vencimento < limite)
    if status == StatusFatura.ABERTA:
        return (Fatura.status == StatusFatura.ABERTA, Fatura.vencimento >= limite)
    return (Fatura.status == status,)
