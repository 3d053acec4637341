"""Triagem automática de chamados: catálogo de intenções, classificador e política de repasse.

from src.triage import Triador, TriageConfig
triador = Triador.build(TriageConfig())   # once per worker
triagem = triador.classify("segunda via do boleto")
"""

from src.triage.runtime.catalog import Catalog, Intencao
from src.triage.runtime.pipeline import Triador, TriageConfig, Triagem

__all__ = ["Catalog", "Intencao", "Triador", "TriageConfig", "Triagem"]
