"""Shared field and parameter types that keep bad input out of the database.

Every text type publishes in the OpenAPI document a `maxLength` and a `pattern` that describe
exactly what it accepts, on the raw input (before surrounding blanks are trimmed): clients and
schema fuzzers see the rules the code enforces. tests/core/test_io_text_types.py keeps the
published patterns and the validators in step.
"""

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, NoReturn

import email_validator
from fastapi import Path
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# Ids of empresas and usuarios are 32-bit INTEGER columns: anything outside is a 422, not a DB
# error. Clientes and chamados have BIGINT ids (docs/escala.md); past 2**53 - 1 a JSON number is
# no longer exact in JavaScript clients, so that is their bound.
MAX_DB_INT = 2**31 - 1
MAX_BIG_ID = 2**53 - 1
# RFC 5321 as the e-mail validator applies it: 64 characters before the @, 254 in all.
MAX_EMAIL_LENGTH = 254
MAX_EMAIL_LOCAL_LENGTH = 64

Ranges = tuple[tuple[int, int], ...]

# Never accepted in text. PostgreSQL cannot store NUL; lone surrogates cannot be encoded as
# UTF-8; the other C0/C1 controls and DEL forge lines and colours in logs and terminals.
CONTROL_RANGES: Ranges = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F))
SURROGATE_RANGES: Ranges = ((0xD800, 0xDFFF),)
# Bidirectional embeddings, overrides and isolates reorder what an operator reads
# ("fatura\u202efdp.exe" is shown as "faturaexe.pdf").
BIDI_RANGES: Ranges = ((0x202A, 0x202E), (0x2066, 0x2069))
# Single-line text (names, e-mails) refuses tabs and line breaks too.
LINE_BREAK_RANGES: Ranges = ((0x09, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))


def _in_ranges(char: str, ranges: Ranges) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def has_control_characters(value: str) -> bool:
    """C0/C1 controls (tab and line breaks aside), DEL or lone surrogates."""
    return _CONTROL.search(value) is not None


def has_bidi_controls(value: str) -> bool:
    return _BIDI.search(value) is not None


def has_line_breaks(value: str) -> bool:
    return _LINE_BREAK.search(value) is not None


def _char_class(ranges: Ranges) -> str:
    """Character-class body in `\\uXXXX` escapes, read alike by ECMA-262 and Python."""
    return "".join(
        f"\\u{low:04X}" if low == high else f"\\u{low:04X}-\\u{high:04X}" for low, high in ranges
    )


# One compiled search per check: a per-character loop in Python cost ~0.2 ms on every message.
_CONTROL = re.compile(f"[{_char_class(CONTROL_RANGES + SURROGATE_RANGES)}]")
_BIDI = re.compile(f"[{_char_class(BIDI_RANGES)}]")
_LINE_BREAK = re.compile(f"[{_char_class(LINE_BREAK_RANGES)}]")


def _merge(codes: list[int]) -> Ranges:
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return tuple(ranges)


def _blank_ranges(*, single_line: bool) -> Ranges:
    # What str.strip() removes, except what is refused anyway.
    refused = CONTROL_RANGES + (LINE_BREAK_RANGES if single_line else ())
    return _merge(
        [
            code
            for code in range(sys.maxunicode + 1)
            if chr(code).isspace() and not _in_ranges(chr(code), refused)
        ]
    )


def _refused_ranges(*, single_line: bool) -> Ranges:
    # Lone surrogates are refused by the validators but left out of the published patterns:
    # they are not Unicode scalar values, so regex engines such as Rust's (used by schema
    # validators) reject a pattern naming them, and no UTF-8 client can send them anyway.
    return CONTROL_RANGES + BIDI_RANGES + (LINE_BREAK_RANGES if single_line else ())


def text_pattern(*, single_line: bool) -> str:
    """Blanks around, at least one visible character, no refused character anywhere."""
    blanks = _char_class(_blank_ranges(single_line=single_line))
    refused = _char_class(_refused_ranges(single_line=single_line))
    return f"^[{blanks}]*[^{blanks}{refused}][^{refused}]*$"


# Error types of the validators below: their messages are pt-BR and shown as they are.
PT_BR_ERROR_TYPES = frozenset(
    {
        "caracteres_de_controle",
        "controle_de_direcao",
        "quebra_de_linha",
        "formato_invalido",
        "email_invalido",
    }
)


def _raise(kind: str, message: str, **ctx: Any) -> NoReturn:
    raise PydanticCustomError(kind, message, ctx or None)


def check_characters(value: str, *, single_line: bool) -> None:
    """Refuse controls, bidi characters and (single_line) line breaks, each with its message."""
    if has_control_characters(value):
        _raise("caracteres_de_controle", "contém caracteres de controle não permitidos")
    if has_bidi_controls(value):
        _raise(
            "controle_de_direcao",
            "contém caracteres de controle de direção do texto (bidi) não permitidos",
        )
    if single_line and has_line_breaks(value):
        _raise("quebra_de_linha", "não pode conter quebras de linha nem tabulações")


@dataclass(frozen=True)
class TextRules:
    """A string type: schema `maxLength`/`minLength`/`pattern`/`format`, and a validator that
    enforces exactly that on the raw value and returns the value to store."""

    max_length: int
    pattern: str
    validate: Callable[[str], str]
    min_length: int | None = None
    format: str | None = None
    # A pattern the value must NOT match (JSON Schema `not`), for rules no positive pattern
    # can spell without look-behind.
    refused_pattern: str | None = None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        inner = core_schema.str_schema(max_length=self.max_length, min_length=self.min_length)
        return core_schema.no_info_after_validator_function(self.validate, inner)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        if self.format:
            json_schema["format"] = self.format
        if self.refused_pattern:
            json_schema["not"] = {"pattern": self.refused_pattern}
        return json_schema


def _trimmed_text(*, single_line: bool) -> Callable[[str], str]:
    def validate(value: str) -> str:
        check_characters(value, single_line=single_line)
        stripped = value.strip()
        if not stripped:
            _raise(
                "string_too_short", "deve ter pelo menos {min_length} caractere(s)", min_length=1
            )
        return stripped

    return validate


def text(max_length: int, *, single_line: bool = False) -> TextRules:
    """Free text: at most max_length characters as sent, surrounding blanks trimmed, at least
    one visible character, no controls or bidi characters (single_line: no line breaks)."""
    return TextRules(
        max_length=max_length,
        pattern=text_pattern(single_line=single_line),
        validate=_trimmed_text(single_line=single_line),
    )


def _as_typed(value: str) -> str:
    check_characters(value, single_line=False)
    return value


def exact_text(min_length: int, max_length: int) -> TextRules:
    """Text used exactly as typed (passwords): only controls and bidi characters are refused."""
    refused = _char_class(_refused_ranges(single_line=False))
    return TextRules(
        max_length=max_length,
        min_length=min_length,
        pattern=f"^[^{refused}]*$",
        validate=_as_typed,
    )


def formatted_text(max_length: int, body: str, message: str) -> TextRules:
    """Text whose trimmed value must match `body` (a regex without anchors); blanks around it
    are trimmed. The published pattern allows those blanks, so both sides agree."""
    blanks = _char_class(_blank_ranges(single_line=False))
    pattern = f"^[{blanks}]*{body}[{blanks}]*$"
    compiled = re.compile(pattern)

    def validate(value: str) -> str:
        check_characters(value, single_line=False)
        if not compiled.fullmatch(value):
            _raise("formato_invalido", message)
        return value.strip()

    return TextRules(max_length=max_length, pattern=pattern, validate=validate)


def link(max_length: int) -> TextRules:
    """An absolute http(s) address (it goes out in messages to customers): no blanks, no
    control or bidi characters, a dotted host."""
    refused = _char_class(_refused_ranges(single_line=True) + _blank_ranges(single_line=False))
    return formatted_text(
        max_length,
        rf"https?://[^/?#{refused}]+\.[^/?#{refused}]+(?:[/?#][^{refused}]*)?",
        "use um endereço completo, começando com https:// (ex.: https://minhaempresa.com.br/faturas)",
    )


def text_refusing(max_length: int, refused_pattern: str, message: str) -> TextRules:
    """Free multi-line text (as `text`) that must not contain `refused_pattern` anywhere."""
    refused = re.compile(refused_pattern)
    trimmed = _trimmed_text(single_line=False)

    def validate(value: str) -> str:
        value = trimmed(value)
        if refused.search(value):
            _raise("formato_invalido", message)
        return value

    return TextRules(
        max_length=max_length,
        pattern=text_pattern(single_line=False),
        validate=validate,
        refused_pattern=refused_pattern,
    )


_EMAIL_REFUSED = _refused_ranges(single_line=True) + _blank_ranges(single_line=False)
_EMAIL_ATOM = f"[^@{_char_class(_EMAIL_REFUSED)}]"
EMAIL_PATTERN = f"^{_EMAIL_ATOM}{{1,{MAX_EMAIL_LOCAL_LENGTH}}}@{_EMAIL_ATOM}+$"
_EMAIL = re.compile(EMAIL_PATTERN)


def _any_case(word: str) -> str:
    return "".join(f"[{char.upper()}{char}]" for char in word)


# Special-use and reserved domains (RFC 6761, 6762, 7686), refused by email_validator.
_SPECIAL_USE_DOMAINS = sorted(email_validator.SPECIAL_USE_DOMAIN_NAMES)
SPECIAL_USE_EMAIL_PATTERN = (
    f"[@.](?:{'|'.join(_any_case(domain) for domain in _SPECIAL_USE_DOMAINS)})$"
)


def _validate_email(value: str) -> str:
    # email_validator itself rather than pydantic's EmailStr, which also takes display names
    # ("Ana <a@b.com>") and trims silently: what the schema refuses is refused here too.
    check_characters(value, single_line=True)
    if not _EMAIL.fullmatch(value):
        _raise("email_invalido", "e-mail inválido")
    try:
        result = email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        _raise("email_invalido", "e-mail inválido")
    return result.normalized


Email = Annotated[
    str,
    TextRules(
        max_length=MAX_EMAIL_LENGTH,
        pattern=EMAIL_PATTERN,
        refused_pattern=SPECIAL_USE_EMAIL_PATTERN,
        validate=_validate_email,
        format="email",
    ),
]

_INTEGER_TEXT = re.compile(r"-?[0-9]+")


def _integer_text_only(value: Any) -> Any:
    # pydantic's lax int takes "3\t", " 3" or "3_000" from a URL; an integer is digits only.
    if isinstance(value, str) and not _INTEGER_TEXT.fullmatch(value):
        _raise("int_parsing", "deve ser um número inteiro")
    return value


IntegerText = BeforeValidator(_integer_text_only)


def _json_integer_only(value: Any) -> Any:
    # A JSON body says what it means: "1" or true is not an id. 1.0 is (JSON Schema counts a
    # number without a fraction as an integer), and pydantic refuses 1.5 on its own.
    if isinstance(value, str | bool):
        _raise("int_type", "deve ser um número inteiro")
    return value


def json_int(ge: int, le: int) -> Any:
    """A whole number in a JSON body (not "7", not true) within [ge, le], bounds in the schema."""
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_json_integer_only)]


DbId = Annotated[int, Field(ge=1, le=MAX_DB_INT), BeforeValidator(_json_integer_only)]
BigDbId = Annotated[int, Field(ge=1, le=MAX_BIG_ID), BeforeValidator(_json_integer_only)]


def _id_path(description: str, maximum: int = MAX_DB_INT) -> Any:
    """An id in the URL: digits only (IntegerText), within what its column holds."""
    return Annotated[int, Path(ge=1, le=maximum, description=description), IntegerText]


ClienteIdPath = _id_path("Id do cliente", MAX_BIG_ID)
ChamadoIdPath = _id_path("Id do chamado", MAX_BIG_ID)
UsuarioIdPath = _id_path("Id do usuário")
EmpresaIdPath = _id_path("Id da empresa")
EquipeIdPath = _id_path("Id da equipe")
NotificacaoIdPath = _id_path("Id da notificação", MAX_BIG_ID)
EtiquetaIdPath = _id_path("Id da etiqueta")
RespostaProntaIdPath = _id_path("Id da resposta pronta")
CanalIdPath = _id_path("Id do canal")
WebhookIdPath = _id_path("Id do webhook")
EntregaIdPath = _id_path("Id da entrega")
PlanoIdPath = _id_path("Id do plano")
ContratoIdPath = _id_path("Id do contrato", MAX_BIG_ID)
FaturaIdPath = _id_path("Id da fatura", MAX_BIG_ID)
PagamentoIdPath = _id_path("Id do pagamento", MAX_BIG_ID)
AnexoIdPath = _id_path("Id do anexo", MAX_BIG_ID)
ArtigoIdPath = _id_path("Id do artigo")


class AoMenosUmCampo(BaseModel):
    """A change must change something: `{}` is refused, as the schema's minProperties says."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    @model_validator(mode="before")
    @classmethod
    def _nao_vazio(cls, value: object) -> object:
        if isinstance(value, dict) and not value:
            raise ValueError("informe pelo menos um campo")
        return value


_DATA = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _texto_de_data(value: Any) -> Any:
    # JSON carries a date as text: a number is not one (pydantic would read it as a timestamp),
    # nor is a date with a time of day.
    if isinstance(value, str) and _DATA.fullmatch(value):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ValueError("deve ser uma data no formato AAAA-MM-DD")


DataIso = Annotated[date, BeforeValidator(_texto_de_data)]
