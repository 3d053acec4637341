"""Pix BR Code: the Banco Central manual's example, and generated codes read back with a TLV
reader and a bitwise CRC written here, independent of the module."""

import pytest

from src.crm.cobranca import pix

# Manual de Padrões para Iniciação do Pix (Banco Central), static example with an EVP key.
EXEMPLO_BCB = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
CHAVE_EVP = "123e4567-e12b-12d1-a456-426655440000"


# --- independent reader ---------------------------------------------------------------------


def _crc16_ccitt_false(dados: bytes) -> int:
    crc = 0xFFFF
    for byte in dados:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(texto: str) -> list[tuple[str, str]]:
    """(id, value) pairs in order; fails the test on a malformed length."""
    pares = []
    resto = texto
    while resto:
        id_campo, tamanho = resto[:2], int(resto[2:4])
        valor = resto[4 : 4 + tamanho]
        assert len(valor) == tamanho, f"campo {id_campo} truncado"
        pares.append((id_campo, valor))
        resto = resto[4 + tamanho :]
    return pares


def test_crc_helper_matches_the_standard_check_value() -> None:
    # CRC-16/CCITT-FALSE of "123456789" is 0x29B1 in every CRC catalogue.
    assert _crc16_ccitt_false(b"123456789") == 0x29B1


# --- the manual's example -------------------------------------------------------------------


def test_bcb_manual_example_is_reproduced_exactly() -> None:
    assert pix.br_code(CHAVE_EVP, "Fulano de Tal", "BRASILIA") == EXEMPLO_BCB


def test_bcb_manual_example_crc_holds_for_the_test_oracle() -> None:
    assert f"{_crc16_ccitt_false(EXEMPLO_BCB[:-4].encode()):04X}" == "1D3D"


def test_campos_reads_the_bcb_manual_example() -> None:
    assert pix.campos(EXEMPLO_BCB) == {
        "00": "01",
        "26": f"0014br.gov.bcb.pix0136{CHAVE_EVP}",
        "52": "0000",
        "53": "986",
        "58": "BR",
        "59": "Fulano de Tal",
        "60": "BRASILIA",
        "62": "0503***",
        "63": "1D3D",
    }


# --- a code with amount, txid and description -----------------------------------------------


def test_generated_code_decodes_field_by_field() -> None:
    codigo = pix.br_code(
        "financeiro@exemplo.com.br",
        "Central de Atendimento",
        "Sao Paulo",
        valor_centavos=14990,
        txid="FATURA2024000123",
        descricao="Fatura 123",
    )

    pares = _tlv(codigo)
    assert [id_campo for id_campo, _ in pares] == [
        "00", "26", "52", "53", "54", "58", "59", "60", "62", "63",
    ]  # fmt: skip
    campos = dict(pares)
    assert campos["00"] == "01"
    assert _tlv(campos["26"]) == [
        ("00", "br.gov.bcb.pix"),
        ("01", "financeiro@exemplo.com.br"),
        ("02", "Fatura 123"),
    ]
    assert campos["52"] == "0000"
    assert campos["53"] == "986"
    assert campos["54"] == "149.90"
    assert campos["58"] == "BR"
    assert campos["59"] == "Central de Atendimento"
    assert campos["60"] == "Sao Paulo"
    assert _tlv(campos["62"]) == [("05", "FATURA2024000123")]
    assert codigo[-8:-4] == "6304"
    assert campos["63"] == f"{_crc16_ccitt_false(codigo[:-4].encode()):04X}"
    assert pix.campos(codigo) == campos


@pytest.mark.parametrize(("centavos", "texto"), [(1, "0.01"), (100, "1.00"), (123456, "1234.56")])
def test_amount_is_written_with_two_decimals(centavos: int, texto: str) -> None:
    codigo = pix.br_code(CHAVE_EVP, "Fulano", "BRASILIA", valor_centavos=centavos)

    assert dict(_tlv(codigo))["54"] == texto


@pytest.mark.parametrize("centavos", [0, -1])
def test_amount_must_be_positive(centavos: int) -> None:
    with pytest.raises(ValueError, match="maior que zero"):
        pix.br_code(CHAVE_EVP, "Fulano", "BRASILIA", valor_centavos=centavos)


# --- text normalization ---------------------------------------------------------------------


def test_accents_are_stripped_and_nome_and_cidade_cut_to_their_limits() -> None:
    codigo = pix.br_code(CHAVE_EVP, "José Antônio da Conceição Ltda ME", "São José dos Pinhais")

    campos = dict(_tlv(codigo))
    assert campos["59"] == "Jose Antonio da Conceicao"  # 25 characters
    assert campos["60"] == "Sao Jose dos Pi"  # 15 characters


def test_non_ascii_symbols_are_dropped() -> None:
    codigo = pix.br_code(CHAVE_EVP, "Café ☕ Ltda", "Brasília")

    campos = dict(_tlv(codigo))
    assert campos["59"] == "Cafe Ltda"
    assert campos["60"] == "Brasilia"
    assert codigo.isascii()


def test_descricao_is_cut_so_field_26_stays_within_99_characters() -> None:
    chave = "a" * 60
    codigo = pix.br_code(chave, "Fulano", "BRASILIA", descricao="Mensalidade " * 10)

    conta = dict(_tlv(codigo))["26"]
    assert len(conta) == 99
    # 99 - 18 (GUI) - 64 (chave) - 4 (id and length of 02) leaves 13 characters.
    assert _tlv(conta) == [
        ("00", "br.gov.bcb.pix"),
        ("01", chave),
        ("02", "Mensalidade M"),
    ]


def test_descricao_is_left_out_when_the_chave_leaves_no_room() -> None:
    codigo = pix.br_code("a" * 77, "Fulano", "BRASILIA", descricao="Fatura")

    assert [id_sub for id_sub, _ in _tlv(dict(_tlv(codigo))["26"])] == ["00", "01"]


@pytest.mark.parametrize("nome", ["", "   ", "☕☕"])
def test_nome_without_usable_characters_is_rejected(nome: str) -> None:
    with pytest.raises(ValueError, match="nome do recebedor"):
        pix.br_code(CHAVE_EVP, nome, "BRASILIA")


# --- txid and chave -------------------------------------------------------------------------


@pytest.mark.parametrize("txid", ["", "abc-123", "fatura 1", "ação1", "x" * 26, "***"])
def test_bad_txid_is_rejected(txid: str) -> None:
    with pytest.raises(ValueError, match="txid"):
        pix.br_code(CHAVE_EVP, "Fulano", "BRASILIA", txid=txid)


def test_txid_of_25_characters_is_accepted() -> None:
    codigo = pix.br_code(CHAVE_EVP, "Fulano", "BRASILIA", txid="A" * 25)

    assert _tlv(dict(_tlv(codigo))["62"]) == [("05", "A" * 25)]


@pytest.mark.parametrize("chave", ["", "   ", "a" * 78])
def test_bad_chave_is_rejected(chave: str) -> None:
    with pytest.raises(ValueError, match="chave Pix"):
        pix.br_code(chave, "Fulano", "BRASILIA")


# --- campos ---------------------------------------------------------------------------------


def test_campos_rejects_a_changed_character() -> None:
    alterado = EXEMPLO_BCB.replace("Fulano", "Fulana")

    with pytest.raises(ValueError, match="CRC"):
        pix.campos(alterado)


@pytest.mark.parametrize("codigo", [EXEMPLO_BCB[:-1], EXEMPLO_BCB[:-8], "", "0002016304ABCD"])
def test_campos_rejects_truncated_or_forged_codes(codigo: str) -> None:
    with pytest.raises(ValueError, match="CRC"):
        pix.campos(codigo)


def test_campos_accepts_lowercase_crc() -> None:
    assert pix.campos(EXEMPLO_BCB[:-4] + "1d3d")["63"] == "1d3d"


# --- QR code --------------------------------------------------------------------------------


def test_qr_svg_is_an_svg_document() -> None:
    svg = pix.qr_svg(EXEMPLO_BCB)

    assert svg.startswith("<svg")
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert svg.rstrip().endswith("</svg>")


def test_qr_png_has_the_png_signature() -> None:
    png = pix.qr_png(EXEMPLO_BCB)

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
