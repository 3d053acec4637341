"""All SQL about equipes and their members (scoped to the session's empresa, as always)."""

from collections.abc import Sequence

from sqlalchemy import Row, bindparam, delete, func, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Equipe, EquipeMembro, Usuario

_BY_ID = select(Equipe).where(Equipe.id == bindparam("id"))
_PAGE = select(Equipe).order_by(Equipe.id).offset(bindparam("skip")).limit(bindparam("limit"))
_NOME_EM_USO = select(Equipe.id).where(func.lower(Equipe.nome) == func.lower(bindparam("nome")))
_INTENCOES = select(Equipe.id, Equipe.nome, Equipe.intencoes)
_MEMBROS = (
    select(EquipeMembro.equipe_id, EquipeMembro.usuario_id, Usuario.username, EquipeMembro.lider)
    .join(Usuario, Usuario.id == EquipeMembro.usuario_id)
    .where(EquipeMembro.equipe_id.in_(bindparam("ids", expanding=True)))
    .order_by(EquipeMembro.equipe_id, EquipeMembro.usuario_id)
)
_USUARIOS_EXISTENTES = select(Usuario.id).where(Usuario.id.in_(bindparam("ids", expanding=True)))
_REMOVE_MEMBROS = delete(EquipeMembro).where(EquipeMembro.equipe_id == bindparam("id"))


class EquipeRepository(Repository):
    async def get(self, equipe_id: int) -> Equipe | None:
        return await self.session.scalar(_BY_ID, {"id": equipe_id})

    async def list(self, page: PageParams) -> Sequence[Equipe]:
        params = {"skip": page.skip, "limit": page.limit}
        return (await self.session.scalars(_PAGE, params)).all()

    async def nome_em_uso(self, nome: str, exceto: int | None = None) -> bool:
        ids = (await self.session.scalars(_NOME_EM_USO, {"nome": nome})).all()
        return any(found != exceto for found in ids)

    async def intencoes_por_equipe(self) -> Sequence[Row]:
        """(id, nome, intencoes) of every team of the empresa: few rows, read to check that
        an intent is not taken twice."""
        return (await self.session.execute(_INTENCOES)).all()

    async def membros(self, equipe_ids: Sequence[int]) -> Sequence[Row]:
        """(equipe_id, usuario_id, username, lider) of these teams."""
        if not equipe_ids:
            return []
        return (await self.session.execute(_MEMBROS, {"ids": list(equipe_ids)})).all()

    async def usuarios_existentes(self, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        return set((await self.session.scalars(_USUARIOS_EXISTENTES, {"ids": list(ids)})).all())

    async def substituir_membros(self, equipe_id: int, membros: Sequence[EquipeMembro]) -> None:
        await self.session.execute(_REMOVE_MEMBROS, {"id": equipe_id})
        self.session.add_all(membros)
        await self.session.flush()

    async def remove(self, equipe: Equipe) -> None:
        await self.session.delete(equipe)
        await self.session.flush()
