"""Money in the API: a decimal string with two places out ("149.90"), a number or such a
string in. Exact all the way: floats are read through their shortest text, never computed."""

import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

MAXIMO = Decimal("99999999.99")  # the 10 digits a boleto carries
# Text the API takes, exactly as its schema publishes it: up to 8 whole digits, no leading zero,
# up to 2 decimals; the positive one also leaves out every way of writing zero.
_TEXTO = r"(0|[1-9][0-9]{0,7})(\.[0-9]{1,2})?"
_TEXTO_POSITIVO = r"([1-9][0-9]{0,7}(\.[0-9]{1,2})?|0\.(0[1-9]|[1-9][0-9]?))"


def _ler(valor: Any, *, positivo: bool) -> Decimal:
    if isinstance(valor, str):
        padrao = _TEXTO_POSITIVO if positivo else _TEXTO
        if not re.fullmatch(padrao, valor):
            raise ValueError(
                'deve ser um valor em reais com até duas casas decimais, como "149.90"'
                + (", maior que zero" if positivo else "")
            )
        return Decimal(valor)
    if isinstance(valor, bool) or not isinstance(valor, int | float | Decimal):
        raise ValueError('deve ser um valor em reais, como 149.90 ou "149.90"')
    # A JSON number: read through its shortest text (149.9, not 149.900000000000005684...).
    quantia = valor if isinstance(valor, Decimal) else Decimal(repr(valor))
    if not quantia.is_finite() or quantia < 0 or (positivo and quantia == 0):
        raise ValueError("deve ser maior que zero" if positivo else "não pode ser negativo")
    if quantia > MAXIMO:
        raise ValueError(f"deve ser no máximo {MAXIMO}")
    if quantia != quantia.quantize(Decimal("0.01")):
        raise ValueError("deve ter no máximo duas casas decimais")
    return quantia


def _schema(padrao: str, minimo: str) -> dict:
    return {
        "anyOf": [
            {"type": "string", "pattern": f"^{padrao}$", "examples": ["149.90"]},
            {"type": "number", minimo: 0, "maximum": float(MAXIMO)},
        ],
        "description": "Valor em reais: número ou texto com até duas casas decimais",
    }


# A price can be zero (a free plan); an invoice or a payment cannot.
Dinheiro = Annotated[
    Decimal,
    BeforeValidator(lambda v: _ler(v, positivo=False)),
    WithJsonSchema(_schema(_TEXTO, "minimum"), mode="validation"),
]
DinheiroPositivo = Annotated[
    Decimal,
    BeforeValidator(lambda v: _ler(v, positivo=True)),
    WithJsonSchema(_schema(_TEXTO_POSITIVO, "exclusiveMinimum"), mode="validation"),
]
# What responses carry: always two places, as text.
Reais = Annotated[
    Decimal,
    PlainSerializer(lambda v: f"{v:.2f}", return_type=str),
    WithJsonSchema(
        {"type": "string", "pattern": r"^-?[0-9]+\.[0-9]{2}$", "examples": ["149.90"]},
        mode="serialization",
    ),
]


def centavos(quantia: Decimal) -> int:
    return int((quantia * 100).to_integral_value(rounding=ROUND_HALF_EVEN))


def arredondar(quantia: Decimal) -> Decimal:
    """To the centavo, half to even (what spreadsheets and banks' proration use)."""
    return quantia.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
