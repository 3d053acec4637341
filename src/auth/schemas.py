from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from src.core.types import bounded_text
from src.models import Papel

Username = bounded_text(50, min_length=3)
# The upper bound keeps hashing cost bounded (and bcrypt's 72-byte limit out of reach).
Password = bounded_text(72, min_length=8)


class SignupRequest(BaseModel):
    username: Username = Field(pattern=r"^[A-Za-z0-9_.@+-]+$", examples=["ana.souza"])  # type: ignore[valid-type]
    email: EmailStr = Field(max_length=255, examples=["ana@empresa.com.br"])
    password: Password = Field(examples=["uma-senha-longa"])  # type: ignore[valid-type]


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
