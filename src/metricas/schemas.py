from pydantic import BaseModel


class MetricasGerais(BaseModel):
    total_chamados: int
    total_clientes: int
    chamados_resolvidos_automaticamente: int
    chamados_encaminhados_para_humano: int
    taxa_resolucao_automatica: str
    tempo_medio_resposta_segundos: float
    chamados_respondidos: int


class MetricasGrupo(BaseModel):
    total: int
    resolvidos_automaticamente: int
    taxa_resolucao: str
