from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from src.core.types import Email, formatted_text, text
from src.models import Canal

Nome = Annotated[str, text(255, single_line=True)]
Telefone = Annotated[
    str,
    formatted_text(
        20, r"\+?[0-9()-][0-9 ()-]*", "formato inválido (use dígitos, espaços, +, ( ) e -)"
    ),
]


class ClienteCreate(BaseModel):
    nome: Nome = Field(examples=["Maria Oliveira"])
    email: Email = Field(examples=["maria@exemplo.com.br"])
    telefone: Telefone | None = Field(default=None, examples=["+55 11 91234-5678"])
    canal_preferido: Canal = Canal.SITE


class ClienteResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @field_validator("email", mode="before")
    @classmethod
    def _sem_email(cls, value: object) -> object:
        return "" if value is None else value  # v1 says string: none is an empty one

    id: int
    nome: str
    email: str = Field(description="Vazio só para quem chegou pelo WhatsApp, sem e-mail")
    telefone: str | None
    whatsapp: str | None = Field(
        default=None, description="Id do WhatsApp (só dígitos, com o nono dígito)"
    )
    canal_preferido: Canal
    data_criacao: datetime
