from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.core.types import text
from src.kb.busca import Modo

Titulo = Annotated[str, text(200, single_line=True)]
Categoria = Annotated[str, text(80, single_line=True)]
Tag = Annotated[str, text(40, single_line=True)]
Corpo = Annotated[str, text(50_000)]


class ArtigoCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titulo: Titulo = Field(examples=["Como emitir a segunda via do boleto"])
    corpo: Corpo = Field(description="Markdown", examples=["## Pelo aplicativo\n\nAbra..."])
    categoria: Categoria | None = Field(default=None, examples=["Financeiro"])
    tags: list[Tag] = Field(default_factory=list, max_length=20, examples=[["boleto"]])
    publicado: StrictBool = Field(
        default=False, description="Publicado: aparece na central de ajuda pública e nas respostas"
    )


class ArtigoUpdate(BaseModel):
    """Omitted fields stay as they are; every change is a new version."""

    model_config = ConfigDict(extra="forbid")

    titulo: Titulo | None = None
    corpo: Corpo | None = None
    categoria: Categoria | None = None
    tags: list[Tag] | None = Field(default=None, max_length=20)
    publicado: StrictBool | None = None


class ArtigoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    titulo: str
    corpo: str
    categoria: str | None
    tags: list[str]
    publicado: bool
    versao: int
    autor_id: int | None
    data_criacao: datetime
    data_atualizacao: datetime


class VersaoResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    versao: int
    titulo: str
    corpo: str
    categoria: str | None
    tags: list[str]
    publicado: bool
    usuario_id: int | None = Field(description="Quem fez a mudança")
    data: datetime


class ArtigoPublico(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    titulo: str
    corpo: str
    categoria: str | None
    tags: list[str]
    data_atualizacao: datetime


class ResultadoBusca(BaseModel):
    artigo_id: int
    trecho_id: int
    titulo: str = Field(description="Título do artigo")
    secao: str | None = Field(description="Seção do artigo onde o trecho está")
    texto: str = Field(description="O trecho")
    destaque: str = Field(
        description="O trecho com as palavras da busca entre <mark> e </mark> (texto escapado)"
    )
    pontuacao: float = Field(description="Pontuação da fusão (maior é melhor)")
    pontuacao_texto: float = Field(description="BM25 do trecho (0: nenhuma palavra em comum)")
    similaridade: float | None = Field(description="Cosseno com a busca (sem o encoder: vazio)")
    publicado: bool
    url_publica: str | None = Field(description="Onde o artigo publicado pode ser lido")


class BuscaResponse(BaseModel):
    q: str
    modo: Modo
    semantica_disponivel: bool = Field(
        description="Falso quando o encoder não está instalado: só texto completo"
    )
    resultados: list[ResultadoBusca]
