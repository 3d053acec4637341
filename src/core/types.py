"""Shared field and parameter types that keep bad input out of the database."""

from typing import Annotated

from fastapi import Path
from pydantic import AfterValidator, Field, StringConstraints

# Ids are 32-bit INTEGER columns on every backend: anything outside is a 422, not a DB error.
MAX_DB_INT = 2**31 - 1


def has_control_characters(value: str) -> bool:
    # PostgreSQL cannot store NUL, lone surrogates cannot be encoded as UTF-8, and the other
    # C0 controls are never legitimate input.
    return any(
        (ord(char) < 32 and char not in "\n\r\t") or 0xD800 <= ord(char) <= 0xDFFF for char in value
    )


def _reject_control_characters(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("contém caracteres de controle não permitidos")
    return value


NoControlCharacters = AfterValidator(_reject_control_characters)


def trimmed(max_length: int, min_length: int = 1) -> StringConstraints:
    """Strip surrounding blanks, then require min_length..max_length characters."""
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


DbId = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
ClienteIdPath = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="Id do cliente")]
ChamadoIdPath = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="Id do chamado")]
