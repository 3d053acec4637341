from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.core.types import AoMenosUmCampo, link, text
from src.webhooks.eventos import TIPOS

TipoEvento = Literal[tuple(TIPOS)]  # type: ignore[valid-type]
UrlWebhook = Annotated[str, link(500)]
Descricao = Annotated[str, text(200, single_line=True)]
Eventos = Annotated[
    list[TipoEvento],
    Field(
        min_length=1,
        max_length=len(TIPOS),
        description="Tipos de evento que este endpoint recebe: "
        + "; ".join(f"`{tipo}`: {o_que}" for tipo, o_que in TIPOS.items()),
        examples=[["chamado.criado", "mensagem.criada"]],
    ),
]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: UrlWebhook = Field(examples=["https://erp.minhaempresa.com.br/webhooks/atendimento"])
    eventos: Eventos
    descricao: Descricao = ""


class WebhookUpdate(AoMenosUmCampo):
    url: UrlWebhook | None = None
    eventos: Eventos | None = None
    descricao: Descricao | None = None
    ativo: StrictBool | None = Field(
        default=None, description="true reativa um endpoint desativado (por 410 ou falhas)"
    )


class WebhookResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    url: str
    descricao: str
    eventos: list[str]
    ativo: bool
    motivo_desativacao: str | None = Field(description="Por que parou de receber eventos")
    falhando_desde: datetime | None = Field(
        description="Desde quando todas as tentativas falham (nulo: a última deu certo)"
    )
    data_criacao: datetime
    data_atualizacao: datetime


class WebhookComSegredo(WebhookResponse):
    segredo: str = Field(
        description=(
            "Chave de assinatura (`whsec_...`, Standard Webhooks): mostrada só nesta resposta. "
            "Verifique `webhook-signature` com ela."
        )
    )


class TentativaResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status_http: int | None = Field(description="O que o receptor respondeu (nulo: não respondeu)")
    erro: str | None
    duracao_ms: int
    data: datetime


class EntregaResponse(BaseModel):
    id: int
    mensagem_id: str = Field(description="O cabeçalho `webhook-id` (o mesmo em cada tentativa)")
    tipo: str
    estado: Literal["pendente", "enviando", "entregue", "falhou"]
    tentativas: int
    proxima_em: datetime | None = Field(description="A próxima tentativa, se ainda houver")
    data_criacao: datetime
    entregue_em: datetime | None
    historico: list[TentativaResponse] = Field(description="Cada tentativa, da mais antiga")
