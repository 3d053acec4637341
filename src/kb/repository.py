"""All SQL of the knowledge base."""

import secrets
from collections.abc import Sequence

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.kb.indice import Linha
from src.models import ArtigoKb, EstadoKb, TrechoKb, VersaoArtigoKb

# Built once: the search path only binds values (the session scopes a statement object once).
_MARCA = select(EstadoKb.marca)
_TRECHOS = select(TrechoKb).where(TrechoKb.id.in_(bindparam("ids", expanding=True)))
_ARTIGOS = select(ArtigoKb).where(ArtigoKb.id.in_(bindparam("ids", expanding=True)))


class KbRepository(Repository):
    async def artigo(self, artigo_id: int, *, para_alterar: bool = False) -> ArtigoKb | None:
        consulta = select(ArtigoKb).where(ArtigoKb.id == artigo_id)
        if para_alterar:
            consulta = consulta.with_for_update()
        return await self.session.scalar(consulta)

    async def id_por_titulo(self, titulo: str) -> int | None:
        return await self.session.scalar(select(ArtigoKb.id).where(ArtigoKb.titulo == titulo))

    async def artigos(
        self, page: PageParams, categoria: str | None, publicado: bool | None
    ) -> Sequence[ArtigoKb]:
        consulta = select(ArtigoKb).order_by(ArtigoKb.categoria, ArtigoKb.titulo, ArtigoKb.id)
        if categoria is not None:
            consulta = consulta.where(ArtigoKb.categoria == categoria)
        if publicado is not None:
            consulta = consulta.where(ArtigoKb.publicado == publicado)
        return (await self.session.scalars(consulta.offset(page.skip).limit(page.limit))).all()

    async def por_ids(self, ids: list[int]) -> dict[int, ArtigoKb]:
        if not ids:
            return {}
        artigos = await self.session.scalars(_ARTIGOS, {"ids": ids})
        return {artigo.id: artigo for artigo in artigos}

    async def versoes(self, artigo_id: int) -> Sequence[VersaoArtigoKb]:
        consulta = (
            select(VersaoArtigoKb)
            .where(VersaoArtigoKb.artigo_id == artigo_id)
            .order_by(VersaoArtigoKb.versao.desc())
        )
        return (await self.session.scalars(consulta)).all()

    async def trocar_trechos(self, artigo_id: int, trechos: list[TrechoKb]) -> None:
        await self.session.execute(
            delete(TrechoKb)
            .where(TrechoKb.artigo_id == artigo_id)
            .execution_options(synchronize_session=False)
        )
        self.session.add_all(trechos)
        await self.session.flush()

    async def publicar_trechos(self, artigo_id: int, publicado: bool) -> None:
        await self.session.execute(
            update(TrechoKb)
            .where(TrechoKb.artigo_id == artigo_id)
            .values(publicado=publicado)
            .execution_options(synchronize_session=False)
        )

    async def trechos(self, ids: list[int]) -> dict[int, TrechoKb]:
        if not ids:
            return {}
        trechos = await self.session.scalars(_TRECHOS, {"ids": ids})
        return {trecho.id: trecho for trecho in trechos}

    async def linhas_do_indice(self) -> list[Linha]:
        consulta = select(
            TrechoKb.id,
            TrechoKb.artigo_id,
            TrechoKb.termos,
            TrechoKb.embedding,
            TrechoKb.publicado,
        ).order_by(TrechoKb.id)
        return [Linha(*linha) for linha in await self.session.execute(consulta)]

    async def marca_do_indice(self) -> str:
        return await self.session.scalar(_MARCA) or ""

    async def mudou(self, empresa_id: int) -> None:
        """A new mark for the empresa's KB, in the writer's transaction (locks its row)."""
        marca = secrets.token_hex(16)
        estado = await self.session.scalar(select(EstadoKb).with_for_update())
        if estado is None:
            try:
                async with self.session.begin_nested():  # the empresa's first article
                    self.session.add(EstadoKb(empresa_id=empresa_id, marca=marca))
                return
            except IntegrityError:  # a concurrent first save made the row: lock and use it
                estado = await self.session.scalar(select(EstadoKb).with_for_update())
        estado.marca = marca
        await self.session.flush()
