from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from src.core.types import BigDbId, DataIso, formatted_text
from src.crm.dinheiro import DinheiroPositivo, Reais
from src.models import MeioPagamento

IdExterno = Annotated[
    str, formatted_text(100, r"[A-Za-z0-9][A-Za-z0-9._:/-]*", "use letras, números e . _ : / -")
]


class PagamentoCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fatura_id: BigDbId
    valor: DinheiroPositivo = Field(examples=["149.90"])
    meio: MeioPagamento
    data: DataIso | None = Field(default=None, description="Dia do pagamento (padrão: hoje)")
    id_externo: IdExterno | None = Field(
        default=None,
        description="Id do pagamento no banco ou provedor: o mesmo aviso repetido é registrado "
        "uma vez só (a repetição responde 200 com o pagamento já registrado)",
        examples=["E18236120202611301530s0123456789"],
    )


class PagamentoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    fatura_id: int
    cliente_id: int
    valor: Reais
    meio: MeioPagamento
    data: date
    id_externo: str | None
    data_criacao: datetime
    fatura_paga: bool | None = Field(
        default=None, description="Na resposta do registro: se a fatura ficou quitada"
    )
