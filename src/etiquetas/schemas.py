from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from src.core.types import formatted_text

NomeEtiqueta = Annotated[
    str,
    formatted_text(
        40,
        r"[a-z0-9à-ú]+(?:[-_][a-z0-9à-ú]+)*",
        "use letras minúsculas, números e hífens (ex.: cliente-vip)",
    ),
]
MAX_ETIQUETAS_POR_CHAMADO = 20


class EtiquetaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nome: NomeEtiqueta = Field(examples=["cliente-vip"])
    cor: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$", examples=["#d97706"])


class EtiquetaResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    cor: str | None
    data_criacao: datetime


class EtiquetasDoChamado(BaseModel):
    """The ticket's whole set of labels: what is not listed is taken off."""

    model_config = ConfigDict(extra="forbid")

    etiquetas: list[NomeEtiqueta] = Field(
        max_length=MAX_ETIQUETAS_POR_CHAMADO,
        json_schema_extra={"uniqueItems": True},
        examples=[["cliente-vip", "reincidente"]],
    )
