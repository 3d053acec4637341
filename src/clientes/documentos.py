"""CPF and CNPJ: checked by python-stdnum, stored compact, shown masked to operators.

A CNPJ may hold letters from July 2026 on (Receita Federal's alphanumeric CNPJ); stdnum knows
the new check-digit rule, so it is accepted like a numeric one.
"""

from stdnum.br import cnpj, cpf
from stdnum.exceptions import ValidationError


def normalizar(documento: str) -> str:
    """The compact form (digits, and upper-case letters of a new CNPJ); ValueError if invalid."""
    compacto = cnpj.compact(documento).upper()  # drops the dots, dashes and slash of both
    modulo = cpf if len(compacto) == 11 else cnpj if len(compacto) == 14 else None
    if modulo is None:
        raise ValueError("informe um CPF (11 dígitos) ou um CNPJ (14 caracteres)")
    # Receita Federal issues no number of one repeated digit, though its check digits add up.
    if len(set(compacto)) == 1:
        raise ValueError("CPF ou CNPJ inválido")
    try:
        return modulo.validate(compacto)
    except ValidationError as exc:
        tipo = "CPF" if modulo is cpf else "CNPJ"
        raise ValueError(f"{tipo} inválido: confira os dígitos") from exc


def formatar(documento: str) -> str:
    return cpf.format(documento) if len(documento) == 11 else cnpj.format(documento)


def mascarar(documento: str) -> str:
    """What operators without the admin role see: enough to confirm with the customer."""
    if len(documento) == 11:  # ***.456.789-** (the middle six digits)
        return f"***.{documento[3:6]}.{documento[6:9]}-**"
    return f"**.{documento[2:5]}.{documento[5:8]}/****-**"
