from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from src.clientes import documentos
from src.core.types import Email, formatted_text, text
from src.models import Canal

Nome = Annotated[str, text(255, single_line=True)]
Telefone = Annotated[
    str,
    formatted_text(
        20, r"\+?[0-9()-][0-9 ()-]*", "formato inválido (use dígitos, espaços, +, ( ) e -)"
    ),
]


CpfCnpj = Annotated[
    str,
    formatted_text(
        18,
        r"[0-9A-Za-z][0-9A-Za-z./ -]*",
        "use só dígitos (e letras, no CNPJ alfanumérico), pontos, barra e hífen",
    ),
    AfterValidator(documentos.normalizar),
]
UFS = [
    "AC",
    "AL",
    "AP",
    "AM",
    "BA",
    "CE",
    "DF",
    "ES",
    "GO",
    "MA",
    "MT",
    "MS",
    "MG",
    "PA",
    "PB",
    "PR",
    "PE",
    "PI",
    "RJ",
    "RN",
    "RS",
    "RO",
    "RR",
    "SC",
    "SP",
    "SE",
    "TO",
]
Uf = Literal[tuple(UFS)]  # type: ignore[valid-type]
Linha = Annotated[str, text(120, single_line=True)]


class Endereco(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cep: Annotated[str, formatted_text(9, r"[0-9]{5}-?[0-9]{3}", "use 8 dígitos (ex.: 01310-100)")]
    logradouro: Linha
    numero: Annotated[str, text(20, single_line=True)]
    complemento: Linha | None = None
    bairro: Linha
    cidade: Linha
    uf: Uf  # type: ignore[valid-type]

    @field_validator("cep")
    @classmethod
    def _cep_com_hifen(cls, value: str) -> str:
        digitos = value.replace("-", "")
        return f"{digitos[:5]}-{digitos[5:]}"


CPF_CNPJ_DESCRICAO = "CPF ou CNPJ com dígitos verificadores válidos (pontuação opcional)"


class ClienteCreate(BaseModel):
    nome: Nome = Field(examples=["Maria Oliveira"])
    email: Email = Field(examples=["maria@exemplo.com.br"])
    telefone: Telefone | None = Field(default=None, examples=["+55 11 91234-5678"])
    canal_preferido: Canal = Canal.SITE
    cpf_cnpj: CpfCnpj | None = Field(
        default=None, description=CPF_CNPJ_DESCRICAO, examples=["390.533.447-05"]
    )
    endereco: Endereco | None = None


class ClienteUpdate(BaseModel):
    """Omitted fields stay as they are; null clears telefone, cpf_cnpj and endereco."""

    model_config = ConfigDict(extra="forbid")

    nome: Nome | None = None
    email: Email | None = None
    telefone: Telefone | None = None
    canal_preferido: Canal | None = None
    cpf_cnpj: CpfCnpj | None = Field(default=None, description=CPF_CNPJ_DESCRICAO)
    endereco: Endereco | None = None


class ClienteResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    @field_validator("email", mode="before")
    @classmethod
    def _sem_email(cls, value: object) -> object:
        return "" if value is None else value  # v1 says string: none is an empty one

    id: int
    nome: str
    email: str = Field(description="Vazio só para quem chegou pelo WhatsApp, sem e-mail")
    telefone: str | None
    whatsapp: str | None = Field(
        default=None, description="Id do WhatsApp (só dígitos, com o nono dígito)"
    )
    canal_preferido: Canal
    cpf_cnpj: str | None = Field(
        default=None,
        description="Formatado para admins; mascarado para os demais (***.456.789-**)",
    )
    endereco: Endereco | None = None
    data_criacao: datetime

    @field_validator("cpf_cnpj", mode="before")
    @classmethod
    def _mascarado(cls, value: object) -> object:
        # Masked unless `para` says the reader is an admin: a new caller cannot leak it.
        return documentos.mascarar(value) if isinstance(value, str) and value else value

    @classmethod
    def para(cls, cliente, *, admin: bool) -> "ClienteResponse":
        """The customer as this operator may see them: the document masked unless admin."""
        resposta = cls.model_validate(cliente)
        if admin and cliente.cpf_cnpj:
            resposta.cpf_cnpj = documentos.formatar(cliente.cpf_cnpj)
        return resposta
