"""All SQL of queues and assignment: teams for an intent, the best operator, waiting tickets."""

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, case, func, or_, select, update

from src.core.repository import Repository
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
        Usuario.id.not_in(bindparam("excluir", expanding=True)),
        _carga < Usuario.capacidade,
    )
    .order_by(_carga, Usuario.ultima_atribuicao.asc().nulls_first(), Usuario.id)
    .limit(1)
)
_DISPONIVEL_NA_EQUIPE = _DISPONIVEIS.where(Usuario.id.in_(_MEMBRO))
_CARGA_DE = select(Usuario.capacidade, _carga).where(Usuario.id == bindparam("usuario_id"))
# The operator's row stays locked to COMMIT (PostgreSQL): whoever assigns to them next waits.
# The count runs as its own statement after the lock: under READ COMMITTED a statement sees the
# data as of its start, so a count inside the locking SELECT would miss the assignment it waited
# for. SQLite serialises write transactions already.
_TRAVAR = select(Usuario.id).where(Usuario.id == bindparam("usuario_id")).with_for_update()
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
# Locked: a concurrent reply or transfer on one of them waits for the hand-over.
_DO_ATENDENTE_EM_ABERTO = (
    select(Chamado)
    .where(Chamado.atendente_id == bindparam("usuario_id"), Chamado.status.in_(STATUS_EM_ABERTO))
    .order_by(Chamado.id)
    .with_for_update()
)
_SOLTAR_DA_EQUIPE = (
    update(Chamado)
    .where(Chamado.equipe_id == bindparam("equipe_apagada"))
    .values(equipe_id=None)
    .execution_options(synchronize_session=False)
)


class AtribuicaoRepository(Repository):
    async def equipes(self) -> Sequence:
        """The empresa's teams with their intents (a handful of rows)."""
        return (await self.session.execute(_EQUIPES)).all()

    async def mais_disponivel(self, equipe_id: int | None, excluir: list[int]) -> int | None:
        params = {"excluir": excluir or [0], "equipe_id": equipe_id}
        query = _DISPONIVEIS if equipe_id is None else _DISPONIVEL_NA_EQUIPE
        return await self.session.scalar(query, params)

    async def capacidade_e_carga(self, usuario_id: int, travar: bool = False) -> tuple[int, int]:
        """The operator's capacity and how many open tickets they hold now; `travar` locks
        their row until COMMIT first, so the count stays true while this transaction assigns."""
        params = {"usuario_id": usuario_id}
        if travar:
            await self.session.execute(_TRAVAR, params)
        row = (await self.session.execute(_CARGA_DE, params)).one()
        return row[0], row[1]

    async def fila_para(self, usuario_id: int, limit: int) -> Sequence[Chamado]:
        params = {"usuario_id": usuario_id, "limit": limit}
        return (await self.session.scalars(_FILA_PARA, params)).all()

    async def na_equipe(self, equipe_id: int, usuario_id: int) -> bool:
        params = {"equipe_id": equipe_id, "usuario_id": usuario_id}
        return await self.session.scalar(_MEMBRO_DA_EQUIPE, params) is not None

    async def em_aberto_da_equipe(self, equipe_id: int) -> Sequence[Chamado]:
        return (await self.session.scalars(_DA_EQUIPE_EM_ABERTO, {"equipe_id": equipe_id})).all()

    async def em_aberto_do_atendente(self, usuario_id: int) -> Sequence[Chamado]:
        params = {"usuario_id": usuario_id}
        return (await self.session.scalars(_DO_ATENDENTE_EM_ABERTO, params)).all()

    async def soltar_da_equipe(self, equipe_id: int) -> None:
        """The team's closed tickets forget it (their history keeps it)."""
        await self.session.execute(_SOLTAR_DA_EQUIPE, {"equipe_apagada": equipe_id})
