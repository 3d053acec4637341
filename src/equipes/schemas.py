from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from src.core.types import DbId, text

Nome = Annotated[str, text(80, single_line=True)]
# An identifier, used exactly as sent (no trimming): two different strings are two intents.
NomeIntencao = Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[a-z0-9_]+$")]
MAX_MEMBROS = 500
# The schema says it, so generated clients (and the fuzzer) send lists without repeats.
_UNIQUE = {"uniqueItems": True}


class _Membros(BaseModel):
    model_config = ConfigDict(extra="forbid")

    membros: list[DbId] | None = Field(
        default=None, max_length=MAX_MEMBROS, json_schema_extra=_UNIQUE, examples=[[2, 3]]
    )
    lideres: list[DbId] | None = Field(
        default=None,
        max_length=MAX_MEMBROS,
        json_schema_extra=_UNIQUE,
        description=(
            "Quem lidera a equipe (avisado quando um chamado dela corre risco); um líder fora de "
            "`membros` entra na equipe também"
        ),
        examples=[[2]],
    )
    intencoes: list[NomeIntencao] | None = Field(
        default=None,
        max_length=100,
        json_schema_extra=_UNIQUE,
        examples=[["documento", "gerenciamento_plano"]],
    )

    @model_validator(mode="after")
    def _sem_repetidos(self) -> Self:
        for campo in ("membros", "lideres", "intencoes"):
            values = getattr(self, campo)
            if values is not None and len(set(values)) != len(values):
                raise ValueError(f"{campo}: itens repetidos")
        return self


class EquipeCreate(_Membros):
    nome: Nome = Field(examples=["Financeiro"])


class EquipeUpdate(_Membros):
    """Omitted fields stay as they are; `membros` replaces the whole list (with `lideres`)."""

    nome: Nome | None = Field(default=None, examples=["Financeiro e Cobrança"])


class MembroResponse(BaseModel):
    usuario_id: int
    username: str
    lider: bool


class EquipeResponse(BaseModel):
    id: int
    nome: str
    intencoes: list[str]
    membros: list[MembroResponse]
    data_criacao: datetime
