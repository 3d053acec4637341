from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from src.core.types import json_int, text

Nota = json_int(1, 5)
Comentario = Annotated[str, text(2000)]


class CsatResposta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nota: Nota = Field(description="De 1 (muito insatisfeito) a 5 (muito satisfeito)", examples=[5])
    comentario: Comentario | None = Field(default=None, examples=["Resolveram rápido, obrigado!"])


class CsatPesquisa(BaseModel):
    empresa: str = Field(description="Quem pergunta")
    pergunta: str
    respondida: bool
    nota: int | None
    comentario: str | None
    data_resposta: datetime | None
