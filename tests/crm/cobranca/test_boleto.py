"""Boleto barcode and linha digitável, checked against slips published elsewhere and against a
check-digit implementation of its own (below), so a wrong module cannot vouch for itself."""

from datetime import date, timedelta

import pytest

from src.crm.cobranca import boleto

# Published (linha digitável, barcode, vencimento) triples. Each one's vencimento is the date
# printed with it, and its fator is asserted below, so the dates are not taken on faith.
EXEMPLOS = [
    pytest.param(
        # brcobranca (Ruby gem), spec/brcobranca/boleto/banco_brasil_spec.rb: Banco do Brasil,
        # convênio 1238798, nosso número 7777700168, carteira 18, R$ 135,00, due 2008-02-03.
        "00190.00009 01238.798779 77700.168188 3 37710000013500",
        "00193377100000135000000001238798777770016818",
        date(2008, 2, 3),
        id="bb-convenio-7-brcobranca",
    ),
    pytest.param(
        # Same slip with R$ 723,56: only the DV geral and field 5 change.
        "00190.00009 01238.798779 77700.168188 5 37710000072356",
        "00195377100000723560000001238798777770016818",
        date(2008, 2, 3),
        id="bb-convenio-7-outro-valor",
    ),
    pytest.param(
        # BoletoPhp sample Bradesco slip (carteira 06, R$ 289,90, due 16/06/2016).
        "23791.10006 60000.000079 89010.200304 4 68270000028990",
        "23794682700000289901100060000000078901020030",
        date(2016, 6, 16),
        id="bradesco-boletophp",
    ),
    pytest.param(
        # boleto_parser (npm) spec: a Banco Inter (077) slip of R$ 151,30; its factor 9002 is
        # 2022-05-31 in the first cycle.
        "07790.00116 12064.449908 08159.365561 7 90020000015130",
        "07797900200000151300001112064449900815936556",
        date(2022, 5, 31),
        id="inter-boleto-parser",
    ),
]


# --- independent check digits -------------------------------------------------------------

# Sum of the digits of 2*d, for d = 0..9 (the "doubled" positions of module 10).
_DOBRO = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]


def _mod10(numero: str) -> int:
    digitos = [int(c) for c in numero][::-1]
    total = sum(_DOBRO[d] if i % 2 == 0 else d for i, d in enumerate(digitos))
    return -total % 10


def _mod11_febraban(numero: str) -> int:
    pesos = [2, 3, 4, 5, 6, 7, 8, 9] * 6
    total = sum(p * int(c) for p, c in zip(pesos, reversed(numero), strict=False))
    resto = total % 11
    return 1 if resto in (0, 1, 10) else 11 - resto


def _linha_valida(linha: str) -> bool:
    """Whether a 47-digit linha is consistent, computed without the module."""
    blocos = [linha[0:10], linha[10:21], linha[21:32]]
    if any(_mod10(b[:-1]) != int(b[-1]) for b in blocos):
        return False
    codigo_sem_dv = linha[0:4] + linha[33:47] + linha[4:9] + linha[10:20] + linha[21:31]
    return _mod11_febraban(codigo_sem_dv) == int(linha[32])


def _so_digitos(linha: str) -> str:
    return linha.replace(".", "").replace(" ", "")


# --- published examples --------------------------------------------------------------------


@pytest.mark.parametrize(("linha", "codigo", "vencimento"), EXEMPLOS)
def test_published_examples_are_consistent_for_the_test_oracle(
    linha: str, codigo: str, vencimento: date
) -> None:
    assert _linha_valida(_so_digitos(linha))
    assert _mod11_febraban(codigo[:4] + codigo[5:]) == int(codigo[4])


@pytest.mark.parametrize(("linha", "codigo", "vencimento"), EXEMPLOS)
def test_linha_para_codigo_barras_reproduces_the_published_barcode(
    linha: str, codigo: str, vencimento: date
) -> None:
    assert boleto.linha_para_codigo_barras(linha) == codigo
    assert boleto.linha_para_codigo_barras(_so_digitos(linha)) == codigo


@pytest.mark.parametrize(("linha", "codigo", "vencimento"), EXEMPLOS)
def test_gerar_rebuilds_the_published_slip(linha: str, codigo: str, vencimento: date) -> None:
    banco, moeda, valor, campo_livre = codigo[:3], codigo[3], int(codigo[9:19]), codigo[19:]

    gerado = boleto.gerar(banco, campo_livre, valor, vencimento, moeda=moeda)

    assert gerado.codigo_barras == codigo
    assert gerado.linha_digitavel == _so_digitos(linha)
    assert gerado.linha_formatada() == linha


def test_campo_livre_convenio_7_matches_the_published_bb_slip() -> None:
    campo_livre = boleto.campo_livre_convenio_7("1238798", 7777700168, "18")

    assert campo_livre == "0000001238798777770016818"
    gerado = boleto.gerar("001", campo_livre, 13500, date(2008, 2, 3))
    assert gerado.linha_formatada() == "00190.00009 01238.798779 77700.168188 3 37710000013500"


def test_campo_livre_convenio_7_pads_the_sequence() -> None:
    assert boleto.campo_livre_convenio_7("1234567", 42, "17") == "0000001234567000000004217"


@pytest.mark.parametrize(
    ("convenio", "nosso_numero", "carteira", "erro"),
    [
        ("123456", 1, "18", "convênio"),
        ("12345678", 1, "18", "convênio"),
        ("12345a7", 1, "18", "convênio"),
        ("1234567", -1, "18", "nosso número"),
        ("1234567", 10**10, "18", "nosso número"),
        ("1234567", 1, "8", "carteira"),
    ],
)
def test_campo_livre_convenio_7_rejects_bad_parts(
    convenio: str, nosso_numero: int, carteira: str, erro: str
) -> None:
    with pytest.raises(ValueError, match=erro):
        boleto.campo_livre_convenio_7(convenio, nosso_numero, carteira)


# --- wrong digits --------------------------------------------------------------------------

_LINHA_BB = _so_digitos(EXEMPLOS[0].values[0])
_CODIGO_BB = EXEMPLOS[0].values[1]


def _com_digito(linha: str, posicao: int, digito: str) -> str:
    return linha[:posicao] + digito + linha[posicao + 1 :]


@pytest.mark.parametrize("posicao", range(47))
def test_a_wrong_digit_anywhere_is_rejected(posicao: int) -> None:
    for digito in "0123456789":
        if digito == _LINHA_BB[posicao]:
            continue
        errada = _com_digito(_LINHA_BB, posicao, digito)
        if _linha_valida(errada):
            # Only field 5 can land here: module 11 maps remainders 0, 1 and 10 all to DV 1,
            # so FEBRABAN's own algorithm cannot see such a change. The module must agree.
            assert posicao >= 33
            assert boleto.linha_para_codigo_barras(errada)
            continue
        with pytest.raises(ValueError, match="não confere"):
            boleto.linha_para_codigo_barras(errada)


def test_every_single_digit_change_in_fields_1_to_4_is_caught_by_the_oracle() -> None:
    """Module 10 doubling is a permutation of 0..9, so fields 1-3 catch every substitution;
    the DV geral is a single value, so field 4 does too."""
    for posicao in range(33):
        for digito in "0123456789":
            if digito != _LINHA_BB[posicao]:
                assert not _linha_valida(_com_digito(_LINHA_BB, posicao, digito))


def test_field_5_changes_that_module_11_cannot_see_are_the_only_ones_accepted() -> None:
    """With DV geral 1, some field-5 substitutions keep the DV (remainders 0, 1 and 10 all
    give 1): FEBRABAN's algorithm cannot see them, and the module must accept exactly those."""
    linhas = (
        boleto.gerar("001", _CODIGO_BB[19:], valor, date(2024, 3, 15)).linha_digitavel
        for valor in range(1, 5000)
    )
    linha = next(lin for lin in linhas if lin[32] == "1")
    aceitas = 0
    for posicao in range(33, 47):
        for digito in "0123456789":
            if digito == linha[posicao]:
                continue
            errada = _com_digito(linha, posicao, digito)
            if _linha_valida(errada):
                assert boleto.linha_para_codigo_barras(errada)
                aceitas += 1
            else:
                with pytest.raises(ValueError, match="geral"):
                    boleto.linha_para_codigo_barras(errada)
    assert aceitas > 0


@pytest.mark.parametrize(
    ("posicao", "mensagem"),
    [(9, "campo 1"), (20, "campo 2"), (31, "campo 3"), (32, "geral")],
)
def test_the_error_names_the_field(posicao: int, mensagem: str) -> None:
    digito = str((int(_LINHA_BB[posicao]) + 1) % 10)
    with pytest.raises(ValueError, match=mensagem):
        boleto.linha_para_codigo_barras(_com_digito(_LINHA_BB, posicao, digito))


@pytest.mark.parametrize("linha", ["", _LINHA_BB[:-1], _LINHA_BB + "0", "x" + _LINHA_BB[1:]])
def test_linha_of_wrong_shape_is_rejected(linha: str) -> None:
    with pytest.raises(ValueError, match="47 dígitos"):
        boleto.linha_para_codigo_barras(linha)


def test_dv_geral_agrees_with_the_oracle_over_many_values() -> None:
    """Sweeps enough values to hit the remainders that turn into DV 1."""
    dvs = set()
    for valor in range(0, 5000, 7):
        gerado = boleto.gerar("001", _CODIGO_BB[19:], valor, date(2024, 3, 15))
        codigo = gerado.codigo_barras
        assert int(codigo[4]) == _mod11_febraban(codigo[:4] + codigo[5:])
        assert _linha_valida(gerado.linha_digitavel)
        dvs.add(codigo[4])
    assert "0" not in dvs
    assert dvs == set("123456789")


# --- fator de vencimento -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vencimento", "fator"),
    [
        (date(2000, 7, 3), "1000"),
        (date(2025, 2, 21), "9999"),
        (date(2025, 2, 22), "1000"),
        (date(2025, 2, 23), "1001"),
        # FEBRABAN's correlation table (as reproduced in http://mhemann.com.br/2011/06/
        # a-linha-digitavel-do-boleto-bancario/): factor 4789 is 17/11/2010.
        (date(2010, 11, 17), "4789"),
        (date(2000, 7, 5), "1002"),
        # The published slips above.
        (date(2008, 2, 3), "3771"),
        (date(2016, 6, 16), "6827"),
        (date(2022, 5, 31), "9002"),
    ],
)
def test_fator_vencimento(vencimento: date, fator: str) -> None:
    assert boleto.fator_vencimento(vencimento) == fator


def test_fator_vencimento_second_cycle_ends_at_9999() -> None:
    ultimo = date(2025, 2, 22) + timedelta(days=8999)

    assert boleto.fator_vencimento(ultimo) == "9999"
    with pytest.raises(ValueError, match="fora do intervalo"):
        boleto.fator_vencimento(ultimo + timedelta(days=1))


def test_fator_vencimento_rejects_dates_before_the_first_factor() -> None:
    with pytest.raises(ValueError, match="fora do intervalo"):
        boleto.fator_vencimento(date(2000, 7, 2))


# --- other input checks --------------------------------------------------------------------


@pytest.mark.parametrize("valor", [-1, 10_000_000_000])
def test_gerar_rejects_valor_out_of_range(valor: int) -> None:
    with pytest.raises(ValueError, match="valor"):
        boleto.gerar("001", _CODIGO_BB[19:], valor, date(2024, 3, 15))


def test_gerar_accepts_the_largest_ten_digit_valor() -> None:
    gerado = boleto.gerar("001", _CODIGO_BB[19:], 9_999_999_999, date(2024, 3, 15))

    assert gerado.codigo_barras[9:19] == "9999999999"
    assert boleto.linha_para_codigo_barras(gerado.linha_digitavel) == gerado.codigo_barras


@pytest.mark.parametrize(
    ("banco", "campo_livre", "moeda"),
    [
        ("01", "0" * 25, "9"),
        ("00a", "0" * 25, "9"),
        ("001", "0" * 24, "9"),
        ("001", "0" * 26, "9"),
        ("001", "0" * 25, "99"),
        ("001", "0" * 24 + "\u0661", "9"),
    ],
)
def test_gerar_rejects_malformed_parts(banco: str, campo_livre: str, moeda: str) -> None:
    with pytest.raises(ValueError, match="dígito"):
        boleto.gerar(banco, campo_livre, 100, date(2024, 3, 15), moeda=moeda)
