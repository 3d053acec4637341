"""Boleto de cobrança in the FEBRABAN layout: the 44-digit barcode and the 47-digit linha
digitável that represents it, with the check digits that tie both together.

Barcode: banco(3) moeda(1) DV geral(1) fator de vencimento(4) valor(10) campo livre(25).
Linha: banco+moeda+campo livre[0:5]+DV | campo livre[5:15]+DV | campo livre[15:25]+DV |
DV geral | fator+valor. The campo livre layout belongs to each bank; the rest is common.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DATA_BASE = date(1997, 10, 7)
_FATOR_MINIMO = 1000
_FATOR_MAXIMO = 9999
_PRIMEIRO_VENCIMENTO = _DATA_BASE + timedelta(days=_FATOR_MINIMO)  # 2000-07-03
# FEBRABAN restarted the factor at 1000 on 2025-02-22, the day after it reached 9999; a factor
# alone is ambiguous between cycles, so banks read it relative to the payment date.
_INICIO_SEGUNDO_CICLO = date(2025, 2, 22)
_ULTIMO_VENCIMENTO = _INICIO_SEGUNDO_CICLO + timedelta(days=_FATOR_MAXIMO - _FATOR_MINIMO)
_VALOR_MAXIMO_CENTAVOS = 9_999_999_999  # ten digits in the barcode
_NOSSO_NUMERO_MAXIMO = 9_999_999_999  # ten digits in the BB convênio-7 campo livre
_SEPARADORES = re.compile(r"[\s.]")


@dataclass(frozen=True)
class Boleto:
    codigo_barras: str  # 44 digits
    linha_digitavel: str  # 47 digits, no separators

    def linha_formatada(self) -> str:
        """The linha as printed on the slip: 5.5 5.6 5.6 1 14."""
        d = self.linha_digitavel
        return f"{d[:5]}.{d[5:10]} {d[10:15]}.{d[15:21]} {d[21:26]}.{d[26:32]} {d[32]} {d[33:]}"


def fator_vencimento(vencimento: date) -> str:
    """Four-digit due-date factor, counting days in the cycle the date falls in."""
    if not _PRIMEIRO_VENCIMENTO <= vencimento <= _ULTIMO_VENCIMENTO:
        raise ValueError(
            f"Vencimento {vencimento:%d/%m/%Y} fora do intervalo aceito no boleto "
            f"({_PRIMEIRO_VENCIMENTO:%d/%m/%Y} a {_ULTIMO_VENCIMENTO:%d/%m/%Y})."
        )
    if vencimento < _INICIO_SEGUNDO_CICLO:
        fator = (vencimento - _DATA_BASE).days
    else:
        fator = _FATOR_MINIMO + (vencimento - _INICIO_SEGUNDO_CICLO).days
    return f"{fator:04d}"


def gerar(
    banco: str, campo_livre: str, valor_centavos: int, vencimento: date, moeda: str = "9"
) -> Boleto:
    """Build the barcode and linha digitável from the bank's campo livre."""
    _exigir_digitos(banco, 3, "O código do banco")
    _exigir_digitos(moeda, 1, "O código da moeda")
    _exigir_digitos(campo_livre, 25, "O campo livre")
    sem_dv = banco + moeda + fator_vencimento(vencimento) + _valor(valor_centavos) + campo_livre
    codigo = sem_dv[:4] + _dv_geral(sem_dv) + sem_dv[4:]
    return Boleto(codigo_barras=codigo, linha_digitavel=_linha_de(codigo))


def campo_livre_convenio_7(convenio: str, nosso_numero: int, carteira: str) -> str:
    """Banco do Brasil campo livre for a 7-digit convênio: six zeros, the convênio, the
    10-digit sequence of the nosso número and the carteira."""
    _exigir_digitos(convenio, 7, "O convênio")
    _exigir_digitos(carteira, 2, "A carteira")
    if not 0 <= nosso_numero <= _NOSSO_NUMERO_MAXIMO:
        raise ValueError("O nosso número deve ter no máximo 10 dígitos e não pode ser negativo.")
    return f"000000{convenio}{nosso_numero:010d}{carteira}"


def linha_para_codigo_barras(linha: str) -> str:
    """The 44-digit barcode of a linha digitável (dots and spaces allowed), after checking
    every field's check digit and the DV geral."""
    digitos = _SEPARADORES.sub("", linha)
    _exigir_digitos(digitos, 47, "A linha digitável")
    campos = (digitos[:10], digitos[10:21], digitos[21:32])
    for numero, campo in enumerate(campos, start=1):
        if _mod10(campo[:-1]) != campo[-1]:
            raise ValueError(
                f"Dígito verificador do campo {numero} da linha digitável não confere."
            )
    campo_livre = campos[0][4:9] + campos[1][:10] + campos[2][:10]
    codigo = digitos[:4] + digitos[32] + digitos[33:] + campo_livre
    if _dv_geral(codigo[:4] + codigo[5:]) != codigo[4]:
        raise ValueError("Dígito verificador geral da linha digitável não confere.")
    return codigo


def _linha_de(codigo: str) -> str:
    campo_livre = codigo[19:]
    campos = (codigo[:4] + campo_livre[:5], campo_livre[5:15], campo_livre[15:])
    return "".join(c + _mod10(c) for c in campos) + codigo[4] + codigo[5:19]


def _mod10(digitos: str) -> str:
    """FEBRABAN module 10: weights 2,1,2,1... from the right, summing the product's digits."""
    soma = 0
    for posicao, digito in enumerate(reversed(digitos)):
        produto = int(digito) * (2 if posicao % 2 == 0 else 1)
        soma += produto // 10 + produto % 10
    return str((10 - soma % 10) % 10)


def _dv_geral(digitos: str) -> str:
    """Module 11 with weights 2..9 from the right; 0 would read as "no check", so 0, 10 and
    11 all become 1."""
    soma = sum(int(d) * (2 + p % 8) for p, d in enumerate(reversed(digitos)))
    dv = 11 - soma % 11
    return "1" if dv in (0, 10, 11) else str(dv)


def _valor(valor_centavos: int) -> str:
    if valor_centavos < 0:
        raise ValueError("O valor do boleto não pode ser negativo.")
    if valor_centavos > _VALOR_MAXIMO_CENTAVOS:
        raise ValueError("O valor do boleto não cabe em 10 dígitos (máximo R$ 99.999.999,99).")
    return f"{valor_centavos:010d}"


def _exigir_digitos(texto: str, tamanho: int, nome: str) -> None:
    # isdigit() alone would accept other scripts' digits (e.g. Arabic-Indic), so ASCII too.
    if len(texto) != tamanho or not (texto.isascii() and texto.isdigit()):
        unidade = "dígito numérico" if tamanho == 1 else "dígitos numéricos"
        raise ValueError(f"{nome} deve ter exatamente {tamanho} {unidade}.")
