from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import AllowInfNan, BaseModel, ConfigDict, Field, Strict, StrictBool, StrictInt

from src.core.types import formatted_text, text
from src.crm.dinheiro import Dinheiro, Reais

NomePlano = Annotated[str, text(80, single_line=True)]
ChaveAtributo = Annotated[
    str, formatted_text(40, r"[a-z][a-z0-9_]*", "use letras minúsculas, números e _")
]
# Strict: "500" stays text and 0 is not false (JSON says what it means).
# NaN and Infinity are not JSON (PostgreSQL's json type refuses them).
NumeroFinito = Annotated[float, Strict(), AllowInfNan(False)]
ValorAtributo = Annotated[str, text(200, single_line=True)] | StrictBool | StrictInt | NumeroFinito
Atributos = Annotated[
    dict[ChaveAtributo, ValorAtributo],
    Field(
        max_length=30,
        description="Características do plano como dados (velocidade, franquia, fidelidade...)",
        examples=[{"velocidade_mbps": 500, "franquia": "ilimitada", "wifi6": True}],
    ),
]


class PlanoCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nome: NomePlano = Field(examples=["Fibra 500 Mega"])
    descricao: Annotated[str, text(2000)] | None = None
    preco_mensal: Dinheiro = Field(examples=["149.90"])
    atributos: Atributos | None = None
    ativo: StrictBool = True


class PlanoUpdate(BaseModel):
    """Omitted fields stay as they are. A new price applies to invoices created from now on."""

    model_config = ConfigDict(extra="forbid")

    nome: NomePlano | None = None
    descricao: Annotated[str, text(2000)] | None = None
    preco_mensal: Dinheiro | None = None
    atributos: Atributos | None = None
    ativo: StrictBool | None = Field(
        default=None, description="Inativo: não aceita contratos novos"
    )


class PlanoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    descricao: str | None
    preco_mensal: Reais
    atributos: dict[str, str | int | float | bool]
    ativo: bool
    data_criacao: datetime

    @classmethod
    def de(cls, plano) -> "PlanoResponse":
        return cls(
            id=plano.id,
            nome=plano.nome,
            descricao=plano.descricao,
            preco_mensal=Decimal(plano.preco_mensal),
            atributos=plano.atributos or {},
            ativo=plano.ativo,
            data_criacao=plano.data_criacao,
        )
