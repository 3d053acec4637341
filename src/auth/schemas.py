from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from src.core.types import NoControlCharacters, trimmed
from src.models import Papel

Username = Annotated[str, trimmed(50, min_length=3), NoControlCharacters]
# Not trimmed: a password is used exactly as typed (login never trims it either). The upper
# bound keeps hashing cost bounded.
Password = Annotated[str, StringConstraints(min_length=8, max_length=72), NoControlCharacters]


class SignupRequest(BaseModel):
    username: Username = Field(pattern=r"^[A-Za-z0-9_.@+-]+$", examples=["ana.souza"])
    email: EmailStr = Field(max_length=255, examples=["ana@empresa.com.br"])
    password: Password = Field(examples=["uma-senha-longa"])
    papel: Papel | None = Field(
        default=None,
        description="Só administradores escolhem; sem ele a conta nova é `atendente`.",
    )


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105  (OAuth2 token type, not a secret)


class UsuarioResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    email: str
    papel: Papel
    ativo: bool
    data_criacao: datetime


class PasswordChange(BaseModel):
    senha_atual: str = Field(min_length=1, max_length=128)
    nova_senha: Password = Field(examples=["outra-senha-longa"])
