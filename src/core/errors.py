"""One error shape for every failure: `{"detail": str, "code": str, "request_id": str, ...}`."""

import logging
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.routing import Match, Mount

from src.core.request_context import current_request_id
from src.core.types import PT_BR_ERROR_TYPES

logger = logging.getLogger(__name__)

INTERNAL_ERROR_MESSAGE = "Erro interno do servidor. Informe o request_id ao suporte."


class AppError(Exception):
    """An expected failure with the status code and pt-BR message the client sees."""

    status_code: int = 400
    code: str = "bad_request"
    detail: str = "Requisição inválida"
    headers: ClassVar[dict[str, str] | None] = None

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None):
        super().__init__(detail or self.detail)
        if detail is not None:
            self.detail = detail
        if headers is not None:
            self.headers = headers  # type: ignore[misc]


class BadRequestError(AppError):
    pass


class NotFoundError(AppError):
    status_code = 404
    code = "not_found"
    detail = "Recurso não encontrado"


class UnauthorizedError(AppError):
    status_code = 401
    code = "not_authenticated"
    detail = "Não autenticado"
    headers: ClassVar[dict[str, str] | None] = {"WWW-Authenticate": "Bearer"}


class ForbiddenError(AppError):
    status_code = 403
    code = "forbidden"
    detail = "Permissão insuficiente"


class ConflictError(AppError):
    status_code = 409
    code = "conflict"
    detail = "Conflito com o estado atual do recurso"


class TooManyRequestsError(AppError):
    status_code = 429
    code = "rate_limited"
    detail = "Muitas requisições. Tente novamente mais tarde."


def error_body(detail: str, code: str, **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "code": code, "request_id": current_request_id(), **extra}


def error_response(
    status_code: int,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    return JSONResponse(error_body(detail, code, **extra), status_code=status_code, headers=headers)


_HTTP_MESSAGES = {
    400: ("bad_request", "Requisição inválida"),
    401: ("not_authenticated", "Não autenticado"),
    403: ("forbidden", "Permissão insuficiente"),
    404: ("not_found", "Recurso não encontrado"),
    405: ("method_not_allowed", "Método não permitido"),
    413: ("payload_too_large", "Corpo da requisição grande demais"),
    415: ("unsupported_media_type", "Tipo de conteúdo não suportado"),
    429: ("rate_limited", "Muitas requisições. Tente novamente mais tarde."),
}

# pydantic error types -> pt-BR sentence; `{...}` fields come from the error's ctx.
_VALIDATION_MESSAGES = {
    "missing": "campo obrigatório",
    "json_invalid": "JSON malformado",
    "string_too_short": "deve ter pelo menos {min_length} caractere(s)",
    "string_too_long": "deve ter no máximo {max_length} caracteres",
    "string_type": "deve ser um texto",
    "string_pattern_mismatch": "formato inválido",
    "int_type": "deve ser um número inteiro",
    "int_parsing": "deve ser um número inteiro",
    "int_from_float": "deve ser um número inteiro",
    "float_type": "deve ser um número",
    "float_parsing": "deve ser um número",
    "bool_type": "deve ser verdadeiro ou falso",
    "bool_parsing": "deve ser verdadeiro ou falso",
    "greater_than_equal": "deve ser maior ou igual a {ge}",
    "less_than_equal": "deve ser menor ou igual a {le}",
    "greater_than": "deve ser maior que {gt}",
    "less_than": "deve ser menor que {lt}",
    "enum": "deve ser um de: {expected}",
    "literal_error": "deve ser um de: {expected}",
    "value_error": "{error}",
    "model_attributes_type": "deve ser um objeto JSON",
    "dict_type": "deve ser um objeto JSON",
    "list_type": "deve ser uma lista",
    "extra_forbidden": "campo não permitido",
    "too_long": "tem itens demais",
    "url_parsing": "URL inválida",
    "int_parsing_size": "é um número grande demais",
    "float_finite_number": "deve ser um número finito",
    "string_unicode": "deve ser um texto UTF-8 válido",
    "uuid_parsing": "deve ser um UUID",
    "uuid_type": "deve ser um UUID",
    "datetime_parsing": "deve ser uma data e hora ISO 8601",
    "datetime_type": "deve ser uma data e hora ISO 8601",
    "date_parsing": "deve ser uma data ISO 8601",
    "date_type": "deve ser uma data ISO 8601",
    # "2026-02-31" is read as a date and fails there: the day does not exist in that month.
    "date_from_datetime_parsing": "deve ser uma data que existe, no formato AAAA-MM-DD",
    "date_from_datetime_inexact": "deve ser uma data sem horário (AAAA-MM-DD)",
    "none_required": "deve ser nulo",
    "frozen_set_type": "deve ser uma lista",
    "set_type": "deve ser uma lista",
    "tuple_type": "deve ser uma lista",
    "too_short": "tem itens de menos",
    "recursion_loop": "aninhamento profundo demais",
}
# A pydantic error of an unknown type never shows its English text: this one does.
_UNKNOWN_VALIDATION_MESSAGE = "valor inválido"


def _field_name(error: dict[str, Any]) -> str:
    # ("body", "mensagem") -> "mensagem"; ("query", "limit") -> "limit"; bad JSON -> "body"
    loc = tuple(error.get("loc", ()))
    if error["type"] == "json_invalid" or len(loc) < 2:
        return str(loc[0]) if loc else ""
    return ".".join(str(part) for part in loc[1:])


def _validation_message(error: dict[str, Any]) -> str:
    if error["type"] in PT_BR_ERROR_TYPES:
        return str(error.get("msg") or _UNKNOWN_VALIDATION_MESSAGE)
    template = _VALIDATION_MESSAGES.get(error["type"])
    if template is None:
        return _UNKNOWN_VALIDATION_MESSAGE
    ctx = error.get("ctx") or {}
    if error["type"] == "value_error" and not isinstance(ctx.get("error"), ValueError):
        # Third-party custom errors reuse the type "value_error" with an English message.
        return _UNKNOWN_VALIDATION_MESSAGE
    try:
        return template.format(**{key: str(value) for key, value in ctx.items()})
    except (KeyError, IndexError):
        return _UNKNOWN_VALIDATION_MESSAGE


def describe_validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            "campo": _field_name(error),
            "mensagem": _validation_message(error),
            "tipo": error["type"],
        }
        for error in errors
    ]


async def _app_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return error_response(exc.status_code, exc.detail, exc.code, exc.headers)


def _raised_by_us(exc: Exception) -> bool:
    """HTTPException subclasses of this service carry a pt-BR detail; the framework's do not."""
    return type(exc).__module__.split(".", 1)[0] == "src"


# Why FastAPI or Starlette could not read a body -> (code, pt-BR detail).
_BODY_ERRORS: tuple[tuple[type[BaseException], str, str], ...] = (
    (RecursionError, "invalid_body", "Corpo da requisição com aninhamento profundo demais"),
    (UnicodeDecodeError, "invalid_body", "Corpo da requisição não está em UTF-8 válido"),
    (MultiPartException, "invalid_body", "Formulário malformado ou grande demais"),
    # int() refuses numbers of more than 4,300 digits (CVE-2020-10735 mitigation).
    (ValueError, "invalid_body", "Corpo da requisição contém um número grande demais"),
)
_UNREADABLE_BODY = ("invalid_body", "Corpo da requisição ilegível")


def _framework_message(exc: StarletteHTTPException) -> tuple[str, str]:
    if exc.status_code == 400:
        cause = exc.__cause__ or exc.__context__
        for kind, code, detail in _BODY_ERRORS:
            if isinstance(cause, kind):
                return code, detail
        return _UNREADABLE_BODY
    return _HTTP_MESSAGES.get(exc.status_code, ("http_error", "Erro na requisição"))


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# Only what routing reads: what the first match added (route, path params) stays out.
_ROUTING_KEYS = ("type", "path", "root_path", "app", "headers", "query_string", "http_version")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers. The router names only the methods of the
    first route whose path matches (`Allow: POST` for /chamados/, which answers GET too)."""
    base = {key: request.scope[key] for key in _ROUTING_KEYS if key in request.scope}
    return [
        method
        for method in _METHODS
        if any(
            # Mounts (static files) match any method and answer 405 themselves.
            not isinstance(route, Mount)
            and route.matches({**base, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


async def _http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if _raised_by_us(exc) and isinstance(exc.detail, str) and exc.status_code < 500:
        code = _HTTP_MESSAGES.get(exc.status_code, ("http_error", ""))[0]
        detail = exc.detail
    else:
        # Never a framework's English text ("There was an error parsing the body", ...).
        code, detail = _framework_message(exc)
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405 and (methods := allowed_methods(request)):
        headers["Allow"] = ", ".join(methods)
    return error_response(exc.status_code, detail, code, headers or None)


async def _validation_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    erros = describe_validation_errors(list(exc.errors()))
    first = erros[0] if erros else {"campo": "", "mensagem": "valor inválido"}
    detail = f"Dados inválidos: {first['campo']} {first['mensagem']}".strip()
    return error_response(422, detail, "validation_error", erros=erros)


def register_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
