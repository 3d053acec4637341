from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.core.types import AoMenosUmCampo, formatted_text, link, text

# Meta's ids are digits; tokens and secrets printable ASCII without blanks.
IdMeta = Annotated[
    str, formatted_text(40, r"[0-9]{5,40}", "use só os dígitos do id (ex.: 1234567890)")
]
Segredo = Annotated[
    str,
    formatted_text(1000, r"[!-~]{8,1000}", "use o valor exato, sem espaços (8 a 1000 caracteres)"),
]
NomeCanal = Annotated[str, text(120, single_line=True)]
UrlBase = Annotated[str, link(300)]


class ConfigWhatsApp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phone_number_id: IdMeta = Field(
        description="Id do número na Cloud API", examples=["1098765432"]
    )
    verify_token: Segredo = Field(description="O texto que você informa à Meta na verificação")
    app_secret: Segredo = Field(description="Chave secreta do app (assina cada chamada)")
    access_token: Segredo = Field(description="Token de acesso (envio de mensagens)")
    api_base_url: UrlBase | None = Field(
        default=None,
        description="Endereço da Graph API com versão (omitido: o padrão da instalação)",
        examples=["https://graph.facebook.com/v24.0"],
    )


class CanalCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tipo: Literal["whatsapp"] = Field(description="whatsapp (e-mail chega numa próxima versão)")
    nome: NomeCanal = Field(examples=["WhatsApp do suporte"])
    config: ConfigWhatsApp


class ConfigWhatsAppUpdate(AoMenosUmCampo):
    """What is not secret; secrets change through POST /canais/{id}/segredos."""

    phone_number_id: IdMeta | None = None
    api_base_url: UrlBase | None = None


class CanalUpdate(AoMenosUmCampo):
    nome: NomeCanal | None = None
    ativo: StrictBool | None = Field(default=None, description="false: o webhook deixa de aceitar")
    config: ConfigWhatsAppUpdate | None = None


class SegredosWhatsApp(AoMenosUmCampo):
    """New values for the secrets given; the others stay as they are."""

    verify_token: Segredo | None = None
    app_secret: Segredo | None = None
    access_token: Segredo | None = None


class CanalResponse(BaseModel):
    id: int
    tipo: str
    nome: str
    ativo: bool
    config: dict[str, str] = Field(description="O que não é segredo (ids, endereço da API)")
    segredos_definidos: list[str] = Field(description="Quais segredos estão guardados (só nomes)")
    webhook_url: str = Field(description="Caminho que o provedor deve chamar (após o seu domínio)")
    data_criacao: datetime
    data_atualizacao: datetime


class CanalComSegredos(CanalResponse):
    segredos: dict[str, str] = Field(
        description="Mostrados só nesta resposta: depois nunca mais são devolvidos"
    )
