from pydantic import BaseModel, Field


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


class Cumprimento(BaseModel):
    cumpridos: int
    violados: int
    taxa_cumprimento: str = Field(description='Cumpridos sobre os que já têm resultado ("0%")')


class MetricasSla(BaseModel):
    grupo: str | int | None = Field(description="Id da equipe ou do atendente, canal, intenção")
    total: int
    primeira_resposta: Cumprimento
    resolucao: Cumprimento
    em_aberto: int = Field(description="Backlog: ainda em aberto")
    em_risco: int
    reabertos: int
    taxa_reabertura: str


class MetricasCsat(BaseModel):
    grupo: str | int | None
    respostas: int
    media: float
    csat: str = Field(description="Notas 4 e 5 sobre o total de respostas")
    distribuicao: dict[str, int]


class Tempo(BaseModel):
    """Business minutes: how many tickets, the mean and the nearest-rank p50 and p90."""

    chamados: int = 0
    media: float | None = None
    p50: float | None = None
    p90: float | None = None


class MetricasAtendente(BaseModel):
    atendente_id: int | None = Field(description="Nulo: chamados sem atendente")
    username: str | None
    primeira_resposta_minutos: Tempo
    resolucao_minutos: Tempo
    em_aberto: int
    sla_violados: int
    csat_media: float | None


class MetricasPeriodo(BaseModel):
    periodo: str = Field(description="AAAA-MM-DD ou AAAA-MM, no fuso da empresa")
    criados: int
    resolvidos_automaticamente: int
    resolvidos: int
    reabertos: int
    primeira_resposta_media_minutos: float | None
    resolucao_media_minutos: float | None
    csat_media: float | None
