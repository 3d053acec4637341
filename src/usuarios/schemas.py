from pydantic import BaseModel, ConfigDict, Field, StrictBool

from src.auth.schemas import Password, Username
from src.core.types import Email, json_int
from src.models import Papel

Capacidade = json_int(0, 1000)


class UsuarioCreate(BaseModel):
    """A new operator account in the admin's own empresa."""

    model_config = ConfigDict(extra="forbid")

    username: Username = Field(examples=["ana.souza"])
    email: Email = Field(examples=["ana@empresa.com.br"])
    password: Password = Field(examples=["uma-senha-longa"])
    papel: Papel = Field(default=Papel.ATENDENTE, examples=["atendente"])


class UsuarioUpdate(BaseModel):
    """Fields an admin may change on an account; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    papel: Papel | None = Field(default=None, examples=["atendente"])
    # Strict: the schema says boolean, so 0/1 or "false" are refused, not guessed.
    ativo: StrictBool | None = Field(default=None, examples=[False])
    capacidade: Capacidade | None = Field(
        default=None,
        description="Quantos chamados em aberto a atribuição automática lhe dá, no máximo",
        examples=[8],
    )
