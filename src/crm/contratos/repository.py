"""All SQL about contratos and their events."""

from collections.abc import Sequence

from sqlalchemy import bindparam, func, select, update

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Contrato, EventoContrato, Plano

# Built once (see src/crm/resumo/repository.py): the hot reads only bind values.
_DO_CLIENTE = (
    select(Contrato)
    .where(Contrato.cliente_id == bindparam("cliente_id"))
    .order_by(Contrato.id.desc())
)
_PLANOS = select(Plano).where(Plano.id.in_(bindparam("ids", expanding=True)))
_AJUSTES = (
    select(EventoContrato.contrato_id, func.sum(EventoContrato.ajuste_centavos))
    .where(
        EventoContrato.contrato_id.in_(bindparam("ids", expanding=True)),
        EventoContrato.ajuste_centavos.is_not(None),
        EventoContrato.fatura_id.is_(None),
    )
    .group_by(EventoContrato.contrato_id)
)


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
        return (await self.session.scalars(_DO_CLIENTE, {"cliente_id": cliente_id})).all()

    async def planos(self, ids: set[int]) -> dict[int, Plano]:
        if not ids:
            return {}
        planos = await self.session.scalars(_PLANOS, {"ids": sorted(ids)})
        return {plano.id: plano for plano in planos}

    async def ajustes_pendentes(self, contrato_ids: list[int]) -> dict[int, int]:
        if not contrato_ids:
            return {}
        linhas = await self.session.execute(_AJUSTES, {"ids": contrato_ids})
        return {contrato: int(total) for contrato, total in linhas}

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
