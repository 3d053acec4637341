from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from src.core.types import Email, exact_text, formatted_text
from src.models import Papel

Username = Annotated[
    str,
    formatted_text(
        50,
        r"[A-Za-z0-9_.@+-]{3,}",
        "deve ter pelo menos 3 caracteres, só letras sem acento, números e _ . @ + -",
    ),
]
# Not trimmed: a password is used exactly as typed (login never trims it either). The upper
# bound keeps hashing cost bounded.
Password = Annotated[str, exact_text(8, 72)]


class SignupRequest(BaseModel):
    username: Username = Field(examples=["ana.souza"])
    email: Email = Field(examples=["ana@empresa.com.br"])
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
    empresa_id: int
    superadmin: bool = Field(description="Administrador da plataforma (gerencia empresas)")
    disponibilidade: str = Field(description="online (recebe chamados) ou ausente")
    capacidade: int = Field(description="Máximo de chamados em aberto atribuídos automaticamente")
    data_criacao: datetime


class PasswordChange(BaseModel):
    senha_atual: str = Field(min_length=1, max_length=128)
    nova_senha: Password = Field(examples=["outra-senha-longa"])
