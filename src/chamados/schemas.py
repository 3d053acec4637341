from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, computed_field

from src.core.types import BigDbId, text
from src.models import Canal, Prioridade, SlaEstado, StatusChamado

MAX_MENSAGEM_LENGTH = 5000
Mensagem = Annotated[str, text(MAX_MENSAGEM_LENGTH)]


class MotivoPrioridade(BaseModel):
    motivo: str = Field(
        description=(
            "intencao (a prioridade da intenção), intencao_provavel, ameaca_juridica, "
            "vulnerabilidade, fraude, contestacao, valor_alto, servico_interrompido, "
            "promessa_descumprida, raiva ou repeticao"
        ),
        examples=["ameaca_juridica"],
    )
    trecho: str = Field(
        description="O que na mensagem (ou a intenção) levou a isso", examples=["procon"]
    )
    prioridade: Prioridade = Field(description="A prioridade que este motivo pede")


class ChamadoCreate(BaseModel):
    cliente_id: BigDbId = Field(examples=[1])
    canal: Canal = Field(examples=["whatsapp"])
    mensagem: Mensagem = Field(examples=["Preciso da segunda via do boleto"])


class ChamadoCriado(BaseModel):
    """What the channel integration needs right after filing a ticket."""

    chamado_id: int
    cliente_id: int
    canal: Canal
    resposta: str
    resolvido_automaticamente: bool
    prioridade: Prioridade
    encaminhado_para_humano: bool
    data_criacao: datetime
    status: StatusChamado
    intencao: str
    confianca: float | None


class ChamadoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    cliente_id: int
    canal: Canal
    mensagem: str
    status: StatusChamado
    resposta_automatica: str | None
    encaminhado_para_humano: bool
    data_criacao: datetime
    prioridade: Prioridade
    intencao: str
    confianca: float | None
    motivos_prioridade: list[MotivoPrioridade] | None = Field(
        default=None, description="Por que a triagem deu esta prioridade (nulo: chamados antigos)"
    )
    resolvido_automaticamente: bool = Field(
        default=False, description="Encerrado pela resposta automática da triagem"
    )
    triagem_backend: str | None
    versao_catalogo: str | None
    user_id: int | None
    atendente_id: int | None = Field(description="Quem atende; nulo: esperando na fila")
    equipe_id: int | None = Field(description="A fila (equipe) do chamado; nulo: a fila geral")
    data_atualizacao: datetime
    data_primeira_resposta: datetime | None
    data_resolucao: datetime | None
    chamado_origem_id: int | None = Field(
        description="O chamado de onde este veio, quando o cliente escreveu num já encerrado"
    )
    sla_primeira_resposta_ate: datetime | None = Field(
        description="Prazo da primeira resposta (horas úteis da empresa)"
    )
    sla_resolucao_ate: datetime | None = Field(description="Prazo da resolução (horas úteis)")
    etiquetas: list[str] = Field(default_factory=list)
    minutos_primeira_resposta: float | None = Field(
        default=None, description="Minutos úteis até a primeira resposta"
    )
    minutos_resolucao: float | None = Field(
        default=None, description="Minutos úteis até a última resolução, sem as pausas"
    )
    reaberturas: int = Field(default=0, description="Quantas vezes o cliente o reabriu")
    csat_token: str | None = Field(default=None, exclude=True)
    csat_nota: int | None = Field(
        default=None, description="Nota da pesquisa de satisfação (1 a 5)"
    )
    sla_estado: SlaEstado | None = Field(
        description=(
            "no_prazo, em_risco (80% do prazo usado), violado, pausado (aguardando o cliente) "
            "ou cumprido; nulo nos chamados anteriores ao SLA"
        )
    )

    @computed_field(description="Endereço da pesquisa de satisfação (criada ao resolver)")
    @property
    def csat_url(self) -> str | None:
        return None if self.csat_token is None else f"/publico/csat/{self.csat_token}"


class ChamadoUpdate(BaseModel):
    """Omitted fields stay as they are. Every change is recorded in the ticket's history."""

    model_config = ConfigDict(extra="forbid")

    status: StatusChamado | None = Field(
        default=None,
        description=(
            "aberto, em_atendimento, aguardando_cliente (pausa o relógio do SLA), resolvido, "
            "fechado (definitivo: não reabre) ou encaminhado"
        ),
        examples=["aguardando_cliente"],
    )
    prioridade: Prioridade | None = Field(default=None, examples=["alta"])


class RespostaCreate(BaseModel):
    mensagem: Mensagem = Field(examples=["Olá! Já regularizamos o seu acesso."])


class RespostaResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    chamado_id: int
    autor_id: int | None
    mensagem: str
    data_criacao: datetime
