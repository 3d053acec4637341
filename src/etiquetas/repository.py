"""All SQL of labels: the empresa's vocabulary and the links to tickets."""

from collections.abc import Sequence

from sqlalchemy import bindparam, delete, insert, select

from src.core.repository import Repository
from src.models import Chamado, ChamadoEtiqueta, Etiqueta

_TODAS = select(Etiqueta).order_by(Etiqueta.nome)
_POR_NOMES = select(Etiqueta).where(Etiqueta.nome.in_(bindparam("nomes", expanding=True)))
_POR_NOME = select(Etiqueta.id).where(Etiqueta.nome == bindparam("nome"))
_LIGAR = insert(ChamadoEtiqueta.__table__)
_DESLIGAR = (
    delete(ChamadoEtiqueta)
    .where(
        ChamadoEtiqueta.chamado_id == bindparam("chamado_id"),
        ChamadoEtiqueta.etiqueta_id.in_(bindparam("etiqueta_ids", expanding=True)),
    )
    .execution_options(synchronize_session=False)
)
_COM_ETIQUETA = select(Chamado).where(
    Chamado.id.in_(
        select(ChamadoEtiqueta.chamado_id).where(
            ChamadoEtiqueta.etiqueta_id == bindparam("etiqueta_id")
        )
    )
)


class EtiquetaRepository(Repository):
    async def todas(self) -> Sequence[Etiqueta]:
        return (await self.session.scalars(_TODAS)).all()

    async def get(self, etiqueta_id: int) -> Etiqueta | None:
        return await self.session.get(Etiqueta, etiqueta_id)

    async def por_nomes(self, nomes: list[str]) -> Sequence[Etiqueta]:
        return (await self.session.scalars(_POR_NOMES, {"nomes": nomes})).all()

    async def id_por_nome(self, nome: str) -> int | None:
        return await self.session.scalar(_POR_NOME, {"nome": nome})

    async def ligar(self, chamado_id: int, etiqueta_ids: list[int]) -> None:
        if etiqueta_ids:
            linhas = [{"chamado_id": chamado_id, "etiqueta_id": i} for i in etiqueta_ids]
            await self.session.execute(_LIGAR, linhas)

    async def desligar(self, chamado_id: int, etiqueta_ids: list[int]) -> None:
        if etiqueta_ids:
            params = {"chamado_id": chamado_id, "etiqueta_ids": etiqueta_ids}
            await self.session.execute(_DESLIGAR, params)

    async def chamados_com(self, etiqueta_id: int) -> Sequence[Chamado]:
        return (await self.session.scalars(_COM_ETIQUETA, {"etiqueta_id": etiqueta_id})).all()
