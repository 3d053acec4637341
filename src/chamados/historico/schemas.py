from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

TIPOS = (
    "criado, triado, status, prioridade, reaberto, continuado (o cliente escreveu num chamado "
    "fechado ou fora da janela: `chamado_novo_id`), transferido (de uma fila de equipe para "
    "outra), atribuido (de um atendente para outro; `motivo`: automatica ou manual), "
    "triagem_adotada (o chamado começou com um cumprimento e assumiu a intenção da mensagem "
    "seguinte do cliente)"
)


class EventoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    chamado_id: int
    tipo: str = Field(description=f"O que mudou: {TIPOS}")
    usuario_id: int | None = Field(description="Quem mudou; nulo quando foi o sistema")
    dados: dict[str, Any] = Field(description="Os detalhes da mudança (ex.: `de` e `para`)")
    data_criacao: datetime
