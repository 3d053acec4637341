from pydantic import BaseModel, Field

from src.chamados.schemas import Mensagem
from src.models import Prioridade


class ClassificarRequest(BaseModel):
    mensagem: Mensagem = Field(examples=["não consigo acessar o app desde ontem"])


class ClassificacaoResponse(BaseModel):
    intencao: str
    confianca: float
    segunda_intencao: str | None
    confianca_segunda: float
    prioridade: Prioridade
    resolveria_automaticamente: bool
    resposta: str
    backend: str
    versao_catalogo: str


class IntencaoResponse(BaseModel):
    nome: str
    descricao: str
    prioridade: Prioridade
    resposta_automatica: bool
    resposta: str
    exemplos: list[str]


class CatalogoResponse(BaseModel):
    versao: str
    backend: str
    intencao_padrao: str
    intencoes: list[IntencaoResponse]
