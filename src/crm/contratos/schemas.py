from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from src.core.types import BigDbId, DataIso, DbId, json_int
from src.crm.dinheiro import Reais
from src.crm.planos.schemas import PlanoResponse
from src.models import StatusContrato

# Up to 28: every month has the day, so no invoice falls on a day February lacks.
DiaVencimento = json_int(1, 28)


class ContratoCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cliente_id: BigDbId
    plano_id: DbId
    dia_vencimento: DiaVencimento = Field(  # type: ignore[valid-type]
        description="Dia do mês em que as faturas vencem (1 a 28)", examples=[10]
    )
    inicio: DataIso | None = Field(default=None, description="Padrão: hoje")
    fim: DataIso | None = Field(default=None, description="Fim da vigência (vazio: indeterminado)")

    @model_validator(mode="after")
    def _fim_depois_do_inicio(self) -> "ContratoCreate":
        if self.fim is not None and self.inicio is not None and self.fim < self.inicio:
            raise ValueError("fim: deve ser depois do início")
        return self


class ContratoUpdate(BaseModel):
    """Omitted fields stay as they are; the plan changes only through mudanca-plano."""

    model_config = ConfigDict(extra="forbid")

    status: StatusContrato | None = None
    dia_vencimento: DiaVencimento | None = None  # type: ignore[valid-type]
    fim: DataIso | None = None


class MudancaPlano(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plano_id: DbId
    data: DataIso | None = Field(
        default=None, description="Dia em que o plano novo passa a valer (padrão: hoje)"
    )


class ContratoResponse(BaseModel):
    id: int
    cliente_id: int
    plano_id: int
    plano: PlanoResponse
    inicio: date
    fim: date | None
    status: StatusContrato
    dia_vencimento: int
    ajuste_pendente: Reais = Field(
        description="Proporcionais de mudanças de plano que a próxima fatura ainda vai levar "
        "(positivo: cobrança; negativo: crédito)"
    )
    data_criacao: datetime


class EventoContratoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tipo: str
    dados: dict[str, Any]
    ajuste: Reais | None
    fatura_id: int | None = Field(description="Fatura que levou o ajuste (vazio: pendente)")
    usuario_id: int | None
    data: datetime


class MudancaPlanoResponse(BaseModel):
    contrato: ContratoResponse
    evento: EventoContratoResponse
    ajuste: Reais = Field(description="Proporcional do mês (positivo: cobrança; negativo: crédito)")
    dias_restantes: int
    dias_no_mes: int


def evento_response(evento) -> EventoContratoResponse:
    ajuste = evento.ajuste_centavos
    return EventoContratoResponse(
        id=evento.id,
        tipo=evento.tipo,
        dados=evento.dados or {},
        ajuste=None if ajuste is None else Decimal(ajuste).scaleb(-2),
        fatura_id=evento.fatura_id,
        usuario_id=evento.usuario_id,
        data=evento.data,
    )
