from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from src.canais.schemas import Idioma, NomeModelo
from src.chamados.schemas import Mensagem
from src.core.types import text

Titulo = Annotated[str, text(80, single_line=True)]
PLACEHOLDERS = (
    "{{cliente.nome}}, {{cliente.email}}, {{atendente.nome}}, {{chamado.id}}, {{empresa.nome}}"
)


class RespostaProntaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titulo: Titulo = Field(examples=["Segunda via enviada"])
    texto: Mensagem = Field(
        description=f"Pode usar {PLACEHOLDERS}",
        examples=["Olá, {{cliente.nome}}! Reenviamos a fatura para {{cliente.email}}."],
    )
    modelo_whatsapp: NomeModelo | None = Field(
        default=None,
        description="Modelo do WhatsApp a enviar no lugar do texto fora da janela de 24 horas",
    )
    modelo_idioma: Idioma | None = None


class RespostaProntaUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titulo: Titulo | None = None
    texto: Mensagem | None = None
    modelo_whatsapp: NomeModelo | None = None
    modelo_idioma: Idioma | None = None


class RespostaProntaResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    titulo: str
    texto: str
    desconhecidos: list[str] = Field(
        default_factory=list,
        description="Marcadores {{...}} que não são preenchidos (ficam como estão no texto)",
    )
    modelo_whatsapp: str | None = None
    modelo_idioma: str | None = None
    data_criacao: datetime


class RespostaPreenchida(BaseModel):
    texto: str = Field(description="O texto com os marcadores preenchidos para o chamado")
    modelo_whatsapp: str | None = Field(
        default=None,
        description="Fora da janela do WhatsApp, envie este modelo "
        "(`POST /chamados/{id}/modelo-whatsapp`) no lugar do texto",
    )
    modelo_idioma: str | None = None
