"""Each empresa's triage: the bundled catalog with the empresa's own intents and thresholds.

An empresa that changed nothing uses the worker's Triador as is. One that changed answers,
priorities or thresholds gets, at once, a Triador with its catalog over the classifier it had.
One that added examples or created intents gets that too, while its own classifier is fitted
on a background thread (one fit at a time per worker) and swapped in when ready; fitted
classifiers are kept on disk by catalog content (runtime/head_cache), so a restart or another
worker loads the fit instead of repeating it.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from cachetools import LRUCache
from sqlalchemy.ext.asyncio import AsyncSession

from src.triage.catalogo_empresa import service as catalogo_empresa
from src.triage.runtime.catalog import Catalog
from src.triage.runtime.local import LocalClassifier
from src.triage.runtime.pipeline import Triador, cached_or_fitted

logger = logging.getLogger(__name__)
MAX_EMPRESAS_EM_MEMORIA = 256


@dataclass(frozen=True, slots=True)
class _Entrada:
    versao: str
    triador: Triador
    ajustado: bool  # its classifier was fitted on its catalog's examples


class TriagemPorEmpresa:
    def __init__(self, base: Triador) -> None:
        self.base = base
        self._entradas: LRUCache[int, _Entrada] = LRUCache(MAX_EMPRESAS_EM_MEMORIA)
        self._ajustes: dict[int, asyncio.Task] = {}
        self._um_ajuste_por_vez = asyncio.Semaphore(1)

    async def para(self, session: AsyncSession, empresa_id: int) -> Triador:
        if self.base.backend == "keywords":  # the v1 contract's rules: nothing to customise
            return self.base
        perfil = await catalogo_empresa.perfil(session, empresa_id, self.base.catalog)
        if not perfil.versao:
            return self.base
        anterior = self._entradas.get(empresa_id)
        if anterior is not None and anterior.versao == perfil.versao:
            return anterior.triador
        catalogo = self.base.catalog.personalizado(perfil.intencoes, perfil.versao)
        limiares = dict(perfil.limiares)
        mesmos_exemplos = anterior is not None and (
            anterior.triador.catalog.training_pairs() == catalogo.training_pairs()
        )
        if not perfil.precisa_ajuste:  # the bundled examples only: the worker's classifier
            entrada = _Entrada(perfil.versao, self.base.derivado(catalogo, **limiares), True)
        else:  # new answers at once, over the classifier the empresa has now
            classifier = anterior.triador.classifier if anterior is not None else None
            ajustado = mesmos_exemplos and anterior is not None and anterior.ajustado
            triador = self.base.derivado(catalogo, classifier, **limiares)
            entrada = _Entrada(perfil.versao, triador, ajustado)
        self._entradas[empresa_id] = entrada
        # A change that kept the examples (an answer, a priority) fits nothing: a fit already
        # under way for those examples lands on this entry too (see _ajustar).
        if not entrada.ajustado and not mesmos_exemplos:
            self._iniciar_ajuste(empresa_id, catalogo)
        return entrada.triador

    def _iniciar_ajuste(self, empresa_id: int, catalogo: Catalog) -> None:
        if isinstance(self.base.classifier, LocalClassifier):
            self._ajustes[empresa_id] = asyncio.create_task(self._ajustar(empresa_id, catalogo))

    async def _ajustar(self, empresa_id: int, catalogo: Catalog) -> None:
        exemplos = catalogo.training_pairs()
        async with self._um_ajuste_por_vez:
            if not self._ainda_atual(empresa_id, exemplos):
                return  # the empresa changed its examples again meanwhile
            encoder = self.base.classifier.encoder
            try:
                classifier = await asyncio.to_thread(
                    cached_or_fitted, catalogo, encoder, self.base.config.cache_dir
                )
            except Exception:  # the current classifier keeps serving; the next change retries
                logger.exception("triagem: falha ao ajustar o catálogo da empresa %s", empresa_id)
                return
        atual = self._entradas.get(empresa_id)
        if atual is not None and self._ainda_atual(empresa_id, exemplos):
            config = atual.triador.config
            triador = self.base.derivado(
                atual.triador.catalog,
                classifier,
                min_confidence=config.min_confidence,
                min_margin=config.min_margin,
            )
            self._entradas[empresa_id] = _Entrada(atual.versao, triador, True)
            logger.info("triagem: catálogo da empresa %s ajustado (%s)", empresa_id, atual.versao)

    def _ainda_atual(self, empresa_id: int, exemplos: tuple) -> bool:
        atual = self._entradas.get(empresa_id)
        return atual is not None and atual.triador.catalog.training_pairs() == exemplos

    async def aguardar_ajustes(self) -> None:
        """Wait for the fits under way (tests)."""
        tarefas = [t for t in self._ajustes.values() if not t.done()]
        if tarefas:
            await asyncio.gather(*tarefas, return_exceptions=True)

    async def close(self) -> None:
        for tarefa in self._ajustes.values():
            tarefa.cancel()
        await asyncio.gather(*self._ajustes.values(), return_exceptions=True)
        self.base.close()
