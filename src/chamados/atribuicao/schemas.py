from pydantic import BaseModel, ConfigDict, Field

from src.core.types import DbId
from src.models import Disponibilidade


class AtribuicaoCreate(BaseModel):
    # The schema says "at least one of the two", so generated clients never send {}.
    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    atendente_id: DbId | None = Field(
        default=None,
        description=(
            "Quem passa a atender (da equipe do chamado, ou da `equipe_id` enviada); `null` "
            "devolve o chamado à fila, para o próximo atendente disponível"
        ),
        examples=[2],
    )
    equipe_id: DbId | None = Field(
        default=None,
        description=(
            "Transferir para a fila desta equipe (`null`: a fila geral); sem `atendente_id`, o "
            "próximo disponível dela assume"
        ),
        examples=[1],
    )


class DisponibilidadeUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Disponibilidade = Field(
        description="`online` recebe chamados automaticamente; `ausente` não recebe novos",
        examples=["online"],
    )


class DisponibilidadeResponse(BaseModel):
    usuario_id: int
    status: Disponibilidade
    capacidade: int
    chamados_em_aberto: int
