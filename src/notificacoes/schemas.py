from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class NotificacaoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tipo: str = Field(description="sla_em_risco ou sla_violado")
    texto: str
    chamado_id: int | None
    lida: bool
    data_criacao: datetime
