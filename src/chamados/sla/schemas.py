from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.core.types import DbId, json_int
from src.models import Prioridade

# Business minutes: up to a year of them.
Minutos = json_int(1, 525_600)


class PoliticaSlaUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    primeira_resposta_minutos: Minutos = Field(
        description="Prazo da primeira resposta, em minutos úteis", examples=[60]
    )
    resolucao_minutos: Minutos = Field(
        description="Prazo da resolução, em minutos úteis", examples=[480]
    )
    ao_violar_subir_prioridade: StrictBool = Field(
        default=False, description="Ao vencer um prazo, subir a prioridade um nível"
    )
    ao_violar_equipe_id: DbId | None = Field(
        default=None, description="Ao vencer um prazo, passar o chamado para esta equipe"
    )


class PoliticaSlaResponse(PoliticaSlaUpdate):
    prioridade: Prioridade
    padrao: bool = Field(description="Ainda o padrão do produto: a empresa não definiu a sua")
