from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.auth.schemas import Password, Username
from src.core.types import Email, formatted_text, json_int, text

Nome = Annotated[str, text(120, single_line=True)]
Slug = Annotated[
    str,
    formatted_text(
        50,
        r"[a-z0-9]+(?:-[a-z0-9]+)*",
        "use só letras minúsculas sem acento, números e hífens entre eles (ex.: loja-centro)",
    ),
]


class PrimeiroAdmin(BaseModel):
    """The new empresa's first admin, created in the same transaction."""

    model_config = ConfigDict(extra="forbid")

    username: Username = Field(examples=["admin.loja"])
    email: Email = Field(examples=["admin@loja.com.br"])
    password: Password = Field(examples=["uma-senha-longa"])


class EmpresaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nome: Nome = Field(examples=["Loja Centro Ltda."])
    slug: Slug = Field(examples=["loja-centro"], description="Identificador curto e único")
    admin: PrimeiroAdmin | None = None


class EmpresaUpdate(BaseModel):
    """Omitted fields stay as they are. `ativa: false` refuses every token of its operators."""

    model_config = ConfigDict(extra="forbid")

    nome: Nome | None = Field(default=None, examples=["Loja Centro S.A."])
    ativa: StrictBool | None = Field(default=None, examples=[False])


JanelaReabertura = json_int(0, 365)


class ConfiguracaoUpdate(BaseModel):
    """What an empresa's own admin sets for it. Omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    janela_reabertura_dias: JanelaReabertura | None = Field(
        default=None,
        description=(
            "Por quantos dias depois de resolvido um chamado é reaberto quando o cliente volta "
            "a escrever; depois disso a mensagem abre um chamado novo, ligado ao antigo"
        ),
        examples=[7],
    )


class EmpresaResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    slug: str
    ativa: bool
    janela_reabertura_dias: int
    data_criacao: datetime
