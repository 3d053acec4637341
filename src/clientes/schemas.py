from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from src.core.types import NoControlCharacters, trimmed
from src.models import Canal

Nome = Annotated[str, trimmed(255), NoControlCharacters]
Telefone = Annotated[str, trimmed(20), NoControlCharacters]


class ClienteCreate(BaseModel):
    nome: Nome = Field(examples=["Maria Oliveira"])
    email: EmailStr = Field(max_length=255, examples=["maria@exemplo.com.br"])
    telefone: Telefone | None = Field(
        default=None, pattern=r"^\+?[0-9 ()-]+$", examples=["+55 11 91234-5678"]
    )
    canal_preferido: Canal = Canal.SITE


class ClienteResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    email: str
    telefone: str | None
    canal_preferido: Canal
    data_criacao: datetime
