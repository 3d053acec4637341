from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from src.core.types import bounded_text
from src.models import Canal

Nome = bounded_text(255)
Telefone = bounded_text(20)


class ClienteCreate(BaseModel):
    nome: Nome = Field(examples=["Maria Oliveira"])  # type: ignore[valid-type]
    email: EmailStr = Field(max_length=255, examples=["maria@exemplo.com.br"])
    telefone: Telefone | None = Field(  # type: ignore[valid-type]
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
