from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.core.types import AoMenosUmCampo, Email, formatted_text, link, text

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
NomeModelo = Annotated[
    str, formatted_text(512, r"[a-z0-9_]{1,512}", "use o nome do modelo como na Meta")
]
Idioma = Annotated[str, formatted_text(20, r"[a-z]{2,3}(_[A-Z]{2})?", "ex.: pt_BR")]


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
    waba_id: IdMeta | None = Field(
        default=None, description="Id da conta do WhatsApp Business (para ler os modelos)"
    )
    modelo_csat: NomeModelo | None = Field(
        default=None,
        description="Modelo da pesquisa de satisfação fora da janela de 24 h: cinco botões de "
        "resposta rápida, na ordem de 1 a 5",
    )
    modelo_csat_idioma: Idioma | None = None


Host = Annotated[
    str,
    formatted_text(
        253, r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?", "use só o nome do servidor"
    ),
]
Porta = Annotated[int, Field(ge=1, le=65535)]
Pasta = Annotated[str, text(100, single_line=True)]
Usuario = Annotated[str, text(255, single_line=True)]


class _ConfigEmailSaida(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endereco: Email = Field(description="O endereço de suporte (remetente das respostas)")
    smtp_host: Host = Field(examples=["smtp.provedor.com.br"])
    smtp_porta: Porta = 587
    smtp_seguranca: Literal["starttls", "tls", "nenhuma"] = Field(
        default="starttls", description="starttls (587), tls (465) ou nenhuma (só em rede local)"
    )
    smtp_usuario: Usuario | None = Field(default=None, description="Vazio: sem autenticação")
    smtp_senha: Segredo | None = None


class ConfigEmail(_ConfigEmailSaida):
    """A support mailbox: read over IMAP, answered over SMTP."""

    imap_host: Host = Field(examples=["imap.provedor.com.br"])
    imap_porta: Porta = 993
    imap_tls: StrictBool = Field(default=True, description="TLS desde a conexão (porta 993)")
    imap_usuario: Usuario
    imap_senha: Segredo
    pasta: Pasta = "INBOX"
    intervalo_segundos: int = Field(
        default=30, ge=10, le=3600, description="De quanto em quanto tempo ler a caixa"
    )


class ConfigEmailWebhook(_ConfigEmailSaida):
    """Mail received by a provider that posts it to us (Mailgun routes, SendGrid Inbound Parse)
    instead of a mailbox read over IMAP; answered over SMTP."""

    provedor_entrada: Literal["mailgun", "sendgrid"] = Field(
        description="Quem chama o `webhook_url` com cada e-mail recebido (MIME completo)"
    )
    mailgun_signing_key: Segredo | None = Field(
        default=None, description="Mailgun: a chave que assina cada chamada (recomendada)"
    )


class CanalWhatsAppCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tipo: Literal["whatsapp"]
    nome: NomeCanal = Field(examples=["WhatsApp do suporte"])
    config: ConfigWhatsApp


class CanalEmailCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tipo: Literal["email"]
    nome: NomeCanal = Field(examples=["E-mail do suporte"])
    config: ConfigEmail | ConfigEmailWebhook


CanalCreate = Annotated[CanalWhatsAppCreate | CanalEmailCreate, Field(discriminator="tipo")]


class ConfigWhatsAppUpdate(AoMenosUmCampo):
    """What is not secret; secrets change through POST /canais/{id}/segredos."""

    phone_number_id: IdMeta | None = None
    api_base_url: UrlBase | None = None
    waba_id: IdMeta | None = None
    modelo_csat: NomeModelo | None = None
    modelo_csat_idioma: Idioma | None = None


class ConfigEmailUpdate(AoMenosUmCampo):
    """What is not secret; the passwords change through POST /canais/{id}/segredos."""

    endereco: Email | None = None
    imap_host: Host | None = None
    imap_porta: Porta | None = None
    imap_tls: StrictBool | None = None
    imap_usuario: Usuario | None = None
    pasta: Pasta | None = None
    smtp_host: Host | None = None
    smtp_porta: Porta | None = None
    smtp_seguranca: Literal["starttls", "tls", "nenhuma"] | None = None
    smtp_usuario: Usuario | None = None
    intervalo_segundos: int | None = Field(default=None, ge=10, le=3600)


class CanalUpdate(AoMenosUmCampo):
    nome: NomeCanal | None = None
    ativo: StrictBool | None = Field(default=None, description="false: o webhook deixa de aceitar")
    config: ConfigWhatsAppUpdate | ConfigEmailUpdate | None = Field(
        default=None, description="Os campos do tipo do canal (WhatsApp ou e-mail)"
    )


class SegredosCanal(AoMenosUmCampo):
    """New values for the secrets given (each only for its kind of channel); the others stay
    as they are."""

    verify_token: Segredo | None = None
    app_secret: Segredo | None = None
    access_token: Segredo | None = None
    imap_senha: Segredo | None = None
    smtp_senha: Segredo | None = None
    mailgun_signing_key: Segredo | None = None


class CanalResponse(BaseModel):
    id: int
    tipo: str
    nome: str
    ativo: bool
    config: dict[str, str] = Field(description="O que não é segredo (ids, endereço da API)")
    segredos_definidos: list[str] = Field(description="Quais segredos estão guardados (só nomes)")
    webhook_url: str | None = Field(
        description="Caminho que o provedor deve chamar (após o seu domínio); nulo no e-mail, "
        "que é lido da caixa"
    )
    data_criacao: datetime
    data_atualizacao: datetime


class CanalComSegredos(CanalResponse):
    segredos: dict[str, str] = Field(
        description="Mostrados só nesta resposta: depois nunca mais são devolvidos"
    )


Parametro = Annotated[str, text(1024, single_line=True)]


class ModeloResponse(BaseModel):
    nome: str
    idioma: str
    categoria: str
    status: str = Field(description="Só modelos APPROVED podem ser enviados")
    componentes: list[dict] = Field(description="Como a Meta os descreve (HEADER, BODY...)")
    variaveis: dict[str, int] = Field(
        description="Quantas variáveis {{n}} cada parte espera: cabecalho, corpo, botoes"
    )
    atualizado_em: datetime


class EnvioModelo(BaseModel):
    """A template sent on a WhatsApp ticket; parameters may use {{cliente.nome}},
    {{chamado.id}}, {{empresa.nome}}, {{atendente.nome}}, filled from the ticket."""

    model_config = ConfigDict(extra="forbid")

    nome: NomeModelo
    idioma: Idioma = "pt_BR"
    cabecalho: list[Parametro] = Field(default=[], max_length=10)
    corpo: list[Parametro] = Field(default=[], max_length=50)
    botoes: list[Parametro] = Field(default=[], max_length=10, description="Um por botão de URL")
