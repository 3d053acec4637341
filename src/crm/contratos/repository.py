"""All SQL about contratos and their events."""

from collections.abc import Sequence

from sqlalchemy import func, select, update

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Contrato, EventoContrato, Plano


class ContratoRepository(Repository):
    async def get(self, contrato_id: int, *, para_alterar: bool = False) -> Contrato | None:
        consulta = select(Contrato).where(Contrato.id == contrato_id)
        if para_alterar:  # plan changes and invoices of one contract, one at a time
            consulta = consulta.with_for_update()
        return await self.session.scalar(consulta)

    async def listar(
        self, page: PageParams, cliente_id: int | None, status: str | None
    ) -> Sequence[Contrato]:
        consulta = select(Contrato).order_by(Contrato.id.desc()).offset(page.skip)
        if cliente_id is not None:
            consulta = consulta.where(Contrato.cliente_id == cliente_id)
        if status is not None:
            consulta = consulta.where(Contrato.status == status)
        return (await self.session.scalars(consulta.limit(page.limit))).all()

    async def do_cliente(self, cliente_id: int) -> Sequence[Contrato]:
        consulta = (
            select(Contrato).where(Contrato.cliente_id == cliente_id).order_by(Contrato.id.desc())
        )
        return (await self.session.scalars(consulta)).all()

    async def planos(self, ids: set[int]) -> dict[int, Plano]:
        if not ids:
            return {}
        planos = await self.session.scalars(select(Plano).where(Plano.id.in_(ids)))
        return {plano.id: plano for plano in planos}

    async def ajustes_pendentes(self, contrato_ids: list[int]) -> dict[int, int]:
        if not contrato_ids:
            return {}
        consulta = (
            select(EventoContrato.contrato_id, func.sum(EventoContrato.ajuste_centavos))
            .where(
                EventoContrato.contrato_id.in_(contrato_ids),
                EventoContrato.ajuste_centavos.is_not(None),
                EventoContrato.fatura_id.is_(None),
            )
            .group_by(EventoContrato.contrato_id)
        )
        return {contrato: int(total) for contrato, total in await self.session.execute(consulta)}

    async def aplicar_ajustes(self, evento_ids: list[int], fatura_id: int) -> None:
        if evento_ids:
            await self.session.execute(
                update(EventoContrato)
                .where(EventoContrato.id.in_(evento_ids))
                .values(fatura_id=fatura_id)
                .execution_options(synchronize_session=False)
            )

    async def liberar_ajustes(self, fatura_id: int) -> None:
        """A cancelled invoice gives its adjustments back to the next one."""
        await self.session.execute(
            update(EventoContrato)
            .where(EventoContrato.fatura_id == fatura_id)
            .values(fatura_id=None)
            .execution_options(synchronize_session=False)
        )

    async def eventos(self, contrato_id: int) -> Sequence[EventoContrato]:
        consulta = (
            select(EventoContrato)
            .where(EventoContrato.contrato_id == contrato_id)
            .order_by(EventoContrato.id)
        )
        return (await self.session.scalars(consulta)).all()
