"""All SQL of SLAs: an empresa's policies and calendar, the tickets due a look, notifications."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, insert, select

from src.core.repository import Repository
from src.core.tenancy import ALL_EMPRESAS, bound_empresa
from src.models import STATUS_EM_ABERTO, Chamado, Empresa, NotificacaoUsuario, PoliticaSla

_POLITICAS = select(PoliticaSla)
_CALENDARIO = select(Empresa.fuso_horario, Empresa.expediente, Empresa.folgas).where(
    Empresa.id == bindparam("empresa_id")
)
# The sweep looks across empresas for who has tickets due a look, then works per empresa.
_EMPRESAS_COM_PRAZO = (
    select(Chamado.empresa_id)
    .where(Chamado.sla_verificar_em <= bindparam("agora"), Chamado.status.in_(STATUS_EM_ABERTO))
    .distinct()
    .execution_options(**ALL_EMPRESAS)
)
_A_VERIFICAR = (
    select(Chamado)
    .where(Chamado.sla_verificar_em <= bindparam("agora"), Chamado.status.in_(STATUS_EM_ABERTO))
    .order_by(Chamado.sla_verificar_em)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_INSERT_NOTIFICACAO = insert(NotificacaoUsuario.__table__)


class SlaRepository(Repository):
    async def politicas(self) -> Sequence[PoliticaSla]:
        return (await self.session.scalars(_POLITICAS)).all()

    async def calendario(self, empresa_id: int):
        return (await self.session.execute(_CALENDARIO, {"empresa_id": empresa_id})).one()

    async def get_politica(self, prioridade: str) -> PoliticaSla | None:
        return await self.session.get(
            PoliticaSla, {"empresa_id": self._empresa(), "prioridade": prioridade}
        )

    def _empresa(self) -> int:
        empresa_id = bound_empresa(self.session)
        assert empresa_id is not None
        return empresa_id

    async def empresas_com_prazo(self, agora: datetime) -> Sequence[int]:
        return (await self.session.scalars(_EMPRESAS_COM_PRAZO, {"agora": agora})).all()

    async def a_verificar(self, agora: datetime, limit: int) -> Sequence[Chamado]:
        params = {"agora": agora, "limit": limit}
        return (await self.session.scalars(_A_VERIFICAR, params)).all()

    async def notificar(self, linhas: list[dict]) -> None:
        if linhas:
            await self.session.execute(_INSERT_NOTIFICACAO, linhas)
