"""OpenAPI documentation of the error shape, so clients (and schema fuzzers) see the truth."""

from typing import Any

from pydantic import BaseModel, Field

_DESCRIPTIONS = {
    400: "Requisição inválida",
    401: "Token ausente, inválido ou expirado (com `WWW-Authenticate: Bearer`)",
    403: "Permissão insuficiente",
    404: "Recurso não encontrado",
    409: "Conflito com o estado atual",
    413: "Corpo da requisição maior que o limite",
    422: "Dados inválidos",
    429: "Limite de requisições excedido (veja `Retry-After`)",
    502: "O provedor externo (Meta, servidor de e-mail) não respondeu como devia",
    503: "Serviço ocupado ou banco indisponível por instantes (veja `Retry-After`)",
}


class ErroCampo(BaseModel):
    campo: str
    mensagem: str
    tipo: str


class ErrorResponse(BaseModel):
    """Every error of this API, 4xx and 5xx alike."""

    detail: str = Field(examples=["Cliente não encontrado"])
    code: str = Field(examples=["not_found"])
    request_id: str | None = Field(examples=["4f1c2a9e0b7d4e5f8a6b3c2d1e0f9a8b"])
    erros: list[ErroCampo] | None = Field(default=None, description="Só em 422")


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting these error statuses with the shared shape."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status_code in status_codes:
        entry: dict[str, Any] = {"model": ErrorResponse, "description": _DESCRIPTIONS[status_code]}
        if status_code in (401, 429, 503):
            header = "WWW-Authenticate" if status_code == 401 else "Retry-After"
            entry["headers"] = {header: {"schema": {"type": "string"}}}
        documented[status_code] = entry
    return documented
