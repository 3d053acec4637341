from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from src.core.types import BigDbId, DataIso, formatted_text
from src.crm.dinheiro import DinheiroPositivo, Reais
from src.models import StatusFatura

Competencia = Annotated[
    str,
    formatted_text(
        7, r"(20[0-9]{2}|2100)-(0[1-9]|1[0-2])", "use o mês no formato AAAA-MM (ex.: 2026-11)"
    ),
]


class FaturaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contrato_id: BigDbId
    competencia: Competencia = Field(examples=["2026-11"])
    valor: DinheiroPositivo | None = Field(
        default=None,
        description="Padrão: o preço do plano mais os proporcionais pendentes de mudanças de "
        "plano (que passam a constar desta fatura)",
        examples=["149.90"],
    )
    vencimento: DataIso | None = Field(
        default=None, description="Padrão: o dia de vencimento do contrato no mês da competência"
    )


class FaturaUpdate(BaseModel):
    """Only an invoice not yet paid changes; cancelling one keeps it in the history."""

    model_config = ConfigDict(extra="forbid")

    valor: DinheiroPositivo | None = None
    vencimento: DataIso | None = None
    status: Literal["aberta", "cancelada"] | None = Field(
        default=None, description="`cancelada` anula a fatura; `aberta` a reabre"
    )


class FaturaResponse(BaseModel):
    id: int
    contrato_id: int
    cliente_id: int
    competencia: str
    valor: Reais
    valor_pago: Reais
    vencimento: date
    status: StatusFatura = Field(description="`vencida`: aberta depois do vencimento")
    pago_em: datetime | None
    data_criacao: datetime


class Encargos(BaseModel):
    valor_original: Reais = Field(description="O que falta pagar da fatura, sem encargos")
    multa: Reais
    juros: Reais
    valor: Reais = Field(description="O valor a pagar agora")
    vencimento: date = Field(description="Vencimento do documento (novo, se a fatura venceu)")
    vencida: bool


class BoletoResponse(Encargos):
    fatura_id: int
    banco: str
    nosso_numero: str
    codigo_barras: str = Field(description="44 dígitos")
    linha_digitavel: str = Field(description="47 dígitos")
    linha_digitavel_formatada: str


class PixResponse(Encargos):
    fatura_id: int
    copia_e_cola: str = Field(description="BR Code (EMV) do PIX, para copiar e colar no banco")
    txid: str
    qr_code_svg: str = Field(description="O mesmo código como QR code em SVG")
