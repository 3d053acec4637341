"""All SQL of queues and assignment: teams for an intent, the best operator, waiting tickets."""

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, case, func, or_, select, text, update

from src.core.repository import Repository
from src.core.tenancy import ALL_EMPRESAS
from src.models import STATUS_EM_ABERTO, Chamado, Disponibilidade, Equipe, EquipeMembro, Usuario

_EQUIPES = select(Equipe.id, Equipe.nome, Equipe.intencoes)
_carga = (
    select(func.count(Chamado.id))
    .where(Chamado.atendente_id == Usuario.id, Chamado.status.in_(STATUS_EM_ABERTO))
    .correlate(Usuario)
    .scalar_subquery()
)
_MEMBRO = select(EquipeMembro.usuario_id).where(EquipeMembro.equipe_id == bindparam("equipe_id"))
# Online, below capacity; the least loaded first, ties to whoever got a ticket longest ago.
_DISPONIVEIS = (
    select(Usuario.id)
    .where(
        Usuario.ativo.is_(True),
        Usuario.disponibilidade == Disponibilidade.ONLINE,
        Usuario.id != bindparam("excluir"),
        _carga < Usuario.capacidade,
    )
    .order_by(_carga, Usuario.ultima_atribuicao.asc().nulls_first(), Usuario.id)
    .limit(1)
)
_DISPONIVEL_NA_EQUIPE = _DISPONIVEIS.where(Usuario.id.in_(_MEMBRO))
_CARGA_DE = select(Usuario.capacidade, _carga).where(Usuario.id == bindparam("usuario_id"))
_EQUIPES_DE = select(EquipeMembro.equipe_id).where(
    EquipeMembro.usuario_id == bindparam("usuario_id")
)
_URGENCIA = case({"alta": 0, "média": 1}, value=Chamado.prioridade, else_=2)
# Unassigned open tickets an operator can take: the general queue's and their teams'; the
# most urgent first, then the oldest. SKIP LOCKED: a ticket someone is changing waits a turn.
_FILA_PARA = (
    select(Chamado)
    .where(
        Chamado.atendente_id.is_(None),
        Chamado.status.in_(STATUS_EM_ABERTO),
        or_(Chamado.equipe_id.is_(None), Chamado.equipe_id.in_(_EQUIPES_DE)),
    )
    .order_by(_URGENCIA, Chamado.data_criacao, Chamado.id)
    .limit(bindparam("limit"))
    .with_for_update(skip_locked=True)
)
_MEMBRO_DA_EQUIPE = select(EquipeMembro.usuario_id).where(
    and_(
        EquipeMembro.equipe_id == bindparam("equipe_id"),
        EquipeMembro.usuario_id == bindparam("usuario_id"),
    )
)
_DA_EQUIPE_EM_ABERTO = select(Chamado).where(
    Chamado.equipe_id == bindparam("equipe_id"), Chamado.status.in_(STATUS_EM_ABERTO)
)
_SOLTAR_DA_EQUIPE = (
    update(Chamado)
    .where(Chamado.equipe_id == bindparam("equipe_apagada"))
    .values(equipe_id=None)
    .execution_options(synchronize_session=False)
)
# Namespace of the per-empresa assignment lock (pg_advisory_xact_lock(namespace, empresa)).
_LOCK_NAMESPACE = 0x61747231  # "atr1"
_LOCK = text("SELECT pg_advisory_xact_lock(:namespace, :empresa_id)").execution_options(
    **ALL_EMPRESAS
)


class AtribuicaoRepository(Repository):
    async def equipes(self) -> Sequence:
        """The empresa's teams with their intents (a handful of rows)."""
        return (await self.session.execute(_EQUIPES)).all()

    async def mais_disponivel(
        self, equipe_id: int | None, excluir: int | None = None
    ) -> int | None:
        params = {"excluir": excluir or 0, "equipe_id": equipe_id}
        query = _DISPONIVEIS if equipe_id is None else _DISPONIVEL_NA_EQUIPE
        return await self.session.scalar(query, params)

    async def capacidade_e_carga(self, usuario_id: int) -> tuple[int, int]:
        """The operator's capacity and how many open tickets they hold now."""
        row = (await self.session.execute(_CARGA_DE, {"usuario_id": usuario_id})).one()
        return row[0], row[1]

    async def fila_para(self, usuario_id: int, limit: int) -> Sequence[Chamado]:
        params = {"usuario_id": usuario_id, "limit": limit}
        return (await self.session.scalars(_FILA_PARA, params)).all()

    async def na_equipe(self, equipe_id: int, usuario_id: int) -> bool:
        params = {"equipe_id": equipe_id, "usuario_id": usuario_id}
        return await self.session.scalar(_MEMBRO_DA_EQUIPE, params) is not None

    async def em_aberto_da_equipe(self, equipe_id: int) -> Sequence[Chamado]:
        return (await self.session.scalars(_DA_EQUIPE_EM_ABERTO, {"equipe_id": equipe_id})).all()

    async def soltar_da_equipe(self, equipe_id: int) -> None:
        """The team's closed tickets forget it (their history keeps it)."""
        await self.session.execute(_SOLTAR_DA_EQUIPE, {"equipe_apagada": equipe_id})

    async def lock(self, empresa_id: int) -> None:
        """One assignment at a time per empresa (PostgreSQL), so two tickets never both take
        an operator's last free slot. SQLite: write transactions are serialised already."""
        if self.session.bind.dialect.name == "postgresql":
            params = {"namespace": _LOCK_NAMESPACE, "empresa_id": empresa_id}
            await self.session.execute(_LOCK, params)
