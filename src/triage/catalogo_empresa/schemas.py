from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.core.types import formatted_text, text, text_refusing
from src.models import Prioridade
from src.triage.runtime.respostas import VARIAVEIS_CLIENTE, VARIAVEIS_EMPRESA

NomeIntencao = Annotated[
    str,
    formatted_text(
        50,
        r"[a-z][a-z0-9_]{2,49}",
        "use letras minúsculas sem acento, números e _ (ex.: segunda_via_carne)",
    ),
]
_CONHECIDAS = "|".join(
    [f"empresa\\.{nome}" for nome in sorted(VARIAVEIS_EMPRESA)]
    + [f"cliente\\.{nome}" for nome in sorted(VARIAVEIS_CLIENTE)]
)
# "{{" must open one of the known placeholders (runtime/respostas.py).
Resposta = Annotated[
    str,
    text_refusing(
        1000,
        rf"\{{\{{(?!\s?(?:{_CONHECIDAS})\s?\}}\}})",
        "use só as variáveis {{empresa.nome}}, {{empresa.link_area_cliente}}, "
        "{{empresa.link_segunda_via}}, {{empresa.link_recuperar_senha}}, "
        "{{empresa.link_planos}}, {{empresa.link_rastreio}} e {{cliente.nome}}",
    ),
]
Exemplo = Annotated[str, text(300, single_line=True)]
Descricao = Annotated[str, text(300, single_line=True)]
Equipe = Annotated[str, text(120, single_line=True)]
MAX_EXEMPLOS = 200
MIN_EXEMPLOS_NOVA = 5


class IntencaoUpdate(BaseModel):
    """What the empresa changes in an intent; omitted fields keep their current value.
    `exemplos` are added to the bundled ones (they replace the previous additions)."""

    model_config = ConfigDict(extra="forbid")

    descricao: Descricao | None = None
    prioridade: Prioridade | None = Field(default=None, examples=["alta"])
    resposta_automatica: StrictBool | None = Field(
        default=None, description="Responder e encerrar sozinho quando a triagem tiver certeza"
    )
    resposta: Resposta | None = Field(
        default=None,
        examples=["📄 A segunda via fica em {{empresa.link_segunda_via}}"],
        description="Pode usar {{empresa.nome}}, {{empresa.link_<nome>}} e {{cliente.nome}}",
    )
    resposta_encaminhamento: Resposta | None = Field(
        default=None, description="O que o cliente lê quando a mensagem vai para um atendente"
    )
    equipe: Equipe | None = Field(default=None, description="Nome da equipe que atende")
    exemplos: list[Exemplo] | None = Field(
        default=None, max_length=MAX_EXEMPLOS, description="Mensagens de exemplo a mais"
    )


class IntencaoCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nome: NomeIntencao = Field(examples=["segunda_via_carne"])
    descricao: Descricao = Field(examples=["Segunda via do carnê da loja"])
    prioridade: Prioridade = Field(examples=["baixa"])
    resposta_automatica: StrictBool = False
    resposta: Resposta = Field(examples=["O carnê fica em {{empresa.link_segunda_via}}"])
    resposta_encaminhamento: Resposta | None = None
    equipe: Equipe | None = None
    exemplos: list[Exemplo] = Field(
        min_length=MIN_EXEMPLOS_NOVA,
        max_length=MAX_EXEMPLOS,
        examples=[
            [
                "segunda via do carne",
                "perdi o carne",
                "carne da loja",
                "boleto do carne",
                "2 via carne",
            ]
        ],
    )


class LimiaresUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confianca_minima: float = Field(ge=0.3, le=0.99, strict=True, examples=[0.7])
    margem_minima: float = Field(ge=0.0, le=0.9, strict=True, examples=[0.4])


class LimiaresResponse(BaseModel):
    confianca_minima: float
    margem_minima: float
    padrao: bool = Field(description="Os limiares da instalação (a empresa não definiu os seus)")
