from pydantic import BaseModel, Field

from src.chamados.schemas import Mensagem, MotivoPrioridade
from src.models import Prioridade
from src.triage.catalogo_empresa.schemas import LimiaresResponse


class ClassificarRequest(BaseModel):
    mensagem: Mensagem = Field(examples=["não consigo acessar o app desde ontem"])


class ClassificacaoResponse(BaseModel):
    intencao: str
    confianca: float
    segunda_intencao: str | None
    confianca_segunda: float
    prioridade: Prioridade
    motivos_prioridade: list[MotivoPrioridade]
    resolveria_automaticamente: bool
    conversa: bool = Field(
        description="Cumprimento, agradecimento ou nada legível: a resposta pede mais detalhes "
        "e o chamado espera o cliente, sem ir para a fila nem contar como resolvido"
    )
    encaminharia: bool = Field(description="Iria para a fila de um atendente")
    resposta: str = Field(description="A resposta com os links e o nome da empresa")
    backend: str
    versao_catalogo: str


class IntencaoResponse(BaseModel):
    nome: str
    descricao: str
    prioridade: Prioridade
    resposta_automatica: bool
    conversa: bool
    equipe: str | None
    resposta: str
    resposta_encaminhamento: str | None
    personalizada: bool = Field(
        default=False, description="Alterada ou criada pela empresa (DELETE volta ao padrão)"
    )
    exemplos: list[str]


class CatalogoResponse(BaseModel):
    versao: str
    backend: str
    intencao_padrao: str
    limiares: LimiaresResponse
    intencoes: list[IntencaoResponse]
