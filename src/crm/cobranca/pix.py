"""Pix "copia e cola": the static BR Code (EMV QRCPS-MPM) of the Banco Central's Manual de
Padrões para Iniciação do Pix, and its QR code.

The payload is a sequence of TLV fields, id(2) + length(2, decimal) + value, closed by field
63 holding a CRC16 (CCITT-FALSE) over everything before it, "6304" included.
"""

import binascii
import io
import re
import unicodedata

import segno

_GUI_PIX = "br.gov.bcb.pix"
_MAX_TLV = 99  # two decimal digits of length
_MAX_CHAVE = 77
_MAX_NOME = 25
_MAX_CIDADE = 15
_MAX_VALOR = 13  # field 54 holds at most 13 characters
_TXID_SEM_ID = "***"  # what the manual asks for when the receiver sets no txid
_TXID = re.compile(r"[A-Za-z0-9]{1,25}")
_INICIO_CRC = "6304"


def br_code(
    chave: str,
    nome_recebedor: str,
    cidade: str,
    valor_centavos: int | None = None,
    txid: str | None = None,
    descricao: str | None = None,
) -> str:
    """The BR Code text ("copia e cola") of a static Pix charge."""
    partes = [
        _tlv("00", "01"),
        _tlv("26", _conta_recebedor(_chave(chave), descricao)),
        _tlv("52", "0000"),
        _tlv("53", "986"),  # BRL, ISO 4217
    ]
    if valor_centavos is not None:
        partes.append(_tlv("54", _valor(valor_centavos)))
    partes += [
        _tlv("58", "BR"),
        _tlv("59", _texto(nome_recebedor, _MAX_NOME, "O nome do recebedor não pode ficar vazio.")),
        _tlv("60", _texto(cidade, _MAX_CIDADE, "A cidade do recebedor não pode ficar vazia.")),
        _tlv("62", _tlv("05", _txid(txid))),
    ]
    sem_crc = "".join(partes) + _INICIO_CRC
    return sem_crc + _crc16(sem_crc)


def campos(payload: str) -> dict[str, str]:
    """Top-level fields of a BR Code (id -> value), after checking its CRC."""
    if not payload.isascii():
        raise ValueError("O código Pix só pode ter caracteres ASCII.")
    if payload[-8:-4] != _INICIO_CRC:
        raise ValueError("O código Pix não termina com o campo de CRC (6304).")
    if _crc16(payload[:-4]) != payload[-4:].upper():
        raise ValueError(
            "O CRC do código Pix não confere: o código foi alterado ou está incompleto."
        )
    resultado = _ler_tlv(payload)
    if list(resultado)[-1] != "63":  # "6304" matched by chance inside another field
        raise ValueError("O código Pix não termina com o campo de CRC (6304).")
    return resultado


def qr_svg(payload: str) -> str:
    """The QR code as an SVG document (no XML declaration, so it can be inlined in HTML)."""
    saida = io.BytesIO()
    _qr(payload).save(saida, kind="svg", border=4, xmldecl=False)
    return saida.getvalue().decode("utf-8")


def qr_png(payload: str) -> bytes:
    saida = io.BytesIO()
    _qr(payload).save(saida, kind="png", scale=8, border=4)
    return saida.getvalue()


def _qr(payload: str) -> segno.QRCode:
    # boost_error off: keep level M as asked instead of segno silently raising it when it fits.
    return segno.make(payload, error="m", boost_error=False, micro=False)


def _tlv(id_campo: str, valor: str) -> str:
    if len(valor) > _MAX_TLV:
        raise ValueError(f"O campo {id_campo} do código Pix passa de {_MAX_TLV} caracteres.")
    return f"{id_campo}{len(valor):02d}{valor}"


def _conta_recebedor(chave: str, descricao: str | None) -> str:
    """Field 26; the descrição is cut to whatever room the chave leaves under 99 characters."""
    conta = _tlv("00", _GUI_PIX) + _tlv("01", chave)
    espaco = _MAX_TLV - len(conta) - 4  # 4: id and length of subfield 02
    texto = _ascii(descricao or "")[: max(espaco, 0)].strip()
    return conta + _tlv("02", texto) if texto else conta


def _chave(chave: str) -> str:
    chave = chave.strip()
    if not chave:
        raise ValueError("A chave Pix não pode ser vazia.")
    if len(chave) > _MAX_CHAVE:
        raise ValueError(f"A chave Pix deve ter no máximo {_MAX_CHAVE} caracteres.")
    # Lengths and the CRC count characters as bytes, which only holds for ASCII.
    if not (chave.isascii() and chave.isprintable()):
        raise ValueError("A chave Pix só pode ter caracteres ASCII imprimíveis.")
    return chave


def _valor(valor_centavos: int) -> str:
    if valor_centavos <= 0:
        raise ValueError("O valor do Pix deve ser maior que zero.")
    texto = f"{valor_centavos // 100}.{valor_centavos % 100:02d}"
    if len(texto) > _MAX_VALOR:
        raise ValueError("O valor do Pix é grande demais para o código.")
    return texto


def _txid(txid: str | None) -> str:
    if txid is None:
        return _TXID_SEM_ID
    if not _TXID.fullmatch(txid):
        raise ValueError("O txid deve ter de 1 a 25 caracteres, só letras (sem acento) e números.")
    return txid


def _texto(texto: str, limite: int, mensagem_se_vazio: str) -> str:
    resultado = _ascii(texto)[:limite].strip()
    if not resultado:
        raise ValueError(mensagem_se_vazio)
    return resultado


def _ascii(texto: str) -> str:
    """Accents removed, then anything outside printable ASCII dropped: payer apps and the
    EMV character set expect plain ASCII, and lengths count bytes."""
    decomposto = unicodedata.normalize("NFKD", texto)
    sem_acento = "".join(c for c in decomposto if not unicodedata.combining(c))
    imprimivel = "".join(c for c in sem_acento if " " <= c <= "~" or c.isspace())
    return " ".join(imprimivel.split())


def _crc16(texto: str) -> str:
    # crc_hqx with 0xFFFF as the start value is CRC-16/CCITT-FALSE, the one the BR Code uses.
    return f"{binascii.crc_hqx(texto.encode('ascii'), 0xFFFF):04X}"


def _ler_tlv(payload: str) -> dict[str, str]:
    resultado: dict[str, str] = {}
    posicao = 0
    while posicao < len(payload):
        id_campo, tamanho = payload[posicao : posicao + 2], payload[posicao + 2 : posicao + 4]
        if not (tamanho.isascii() and tamanho.isdigit()):
            raise ValueError(f"Tamanho inválido no campo {id_campo!r} do código Pix.")
        inicio, fim = posicao + 4, posicao + 4 + int(tamanho)
        if fim > len(payload) or id_campo in resultado:
            raise ValueError(f"Campo {id_campo!r} do código Pix truncado ou repetido.")
        resultado[id_campo] = payload[inicio:fim]
        posicao = fim
    return resultado
