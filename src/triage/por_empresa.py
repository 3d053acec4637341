"""Each empresa's triage: the bundled catalog with the empresa's own intents and thresholds.

An empresa that changed nothing uses the worker's Triador as is. One that changed answers,
priorities or thresholds gets, at once, a Triador with its catalog over the same classifier.
One that added examples or created intents gets that too, while its own classifier is fitted
on a background thread (one fit at a time per worker) and swapped in when ready; fitted
classifiers are kept on disk by catalog content (runtime/head_cache), so a restart or another
worker loads the fit instead of repeating it.
"""

from __future__ import annotations

import asyncio
import logging

from cachetools import LRUCache
from sqlalchemy.ext.asyncio import AsyncSession

from src.triage.catalogo_empresa import service as catalogo_empresa
from src.triage.runtime.catalog import Catalog
from src.triage.runtime.local import LocalClassifier
from src.triage.runtime.pipeline import Triador, cached_or_fitted

logger = logging.getLogger(__name__)
MAX_EMPRESAS_EM_MEMORIA = 256


class TriagemPorEmpresa:
    def __init__(self, base: Triador) -> None:
        self.base = base
        self._triadores: LRUCache[int, tuple[str, Triador]] = LRUCache(MAX_EMPRESAS_EM_MEMORIA)
        self._ajustes: dict[int, asyncio.Task] = {}
        self._um_ajuste_por_vez = asyncio.Semaphore(1)

    async def para(self, session: AsyncSession, empresa_id: int) -> Triador:
        if self.base.backend == "keywords":  # the v1 contract's rules: nothing to customise
            return self.base
        perfil = await catalogo_empresa.perfil(session, empresa_id, self.base.catalog)
        if not perfil.versao:
            return self.base
        atual = self._triadores.get(empresa_id)
        if atual is not None and atual[0] == perfil.versao:
            return atual[1]
        catalogo = self.base.catalog.personalizado(perfil.intencoes, perfil.versao)
        limiares = dict(perfil.limiares)
        triador = self.base.derivado(catalogo, **limiares)  # new answers at once
        self._triadores[empresa_id] = (perfil.versao, triador)
        if perfil.precisa_ajuste and isinstance(self.base.classifier, LocalClassifier):
            tarefa = asyncio.create_task(
                self._ajustar(empresa_id, perfil.versao, catalogo, limiares)
            )
            self._ajustes[empresa_id] = tarefa
        return triador

    async def _ajustar(
        self, empresa_id: int, versao: str, catalogo: Catalog, limiares: dict[str, float]
    ) -> None:
        async with self._um_ajuste_por_vez:
            if self._triadores.get(empresa_id, ("",))[0] != versao:
                return  # the empresa changed its catalog again meanwhile
            encoder = self.base.classifier.encoder
            try:
                classifier = await asyncio.to_thread(
                    cached_or_fitted, catalogo, encoder, self.base.config.cache_dir
                )
            except Exception:  # the current classifier keeps serving; the next change retries
                logger.exception("triagem: falha ao ajustar o catálogo da empresa %s", empresa_id)
                return
        if self._triadores.get(empresa_id, ("",))[0] == versao:  # still its newest catalog
            self._triadores[empresa_id] = (
                versao,
                self.base.derivado(catalogo, classifier, **limiares),
            )
            logger.info("triagem: catálogo da empresa %s ajustado (%s)", empresa_id, versao)

    async def aguardar_ajustes(self) -> None:
        """Wait for the fits under way (tests, shutdown)."""
        tarefas = [t for t in self._ajustes.values() if not t.done()]
        if tarefas:
            await asyncio.gather(*tarefas, return_exceptions=True)

    async def close(self) -> None:
        for tarefa in self._ajustes.values():
            tarefa.cancel()
        await asyncio.gather(*self._ajustes.values(), return_exceptions=True)
        self.base.close()
