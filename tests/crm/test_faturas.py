"""Invoices, their boleto and PIX (decoded back here), payments, and the customer's summary."""

from datetime import timedelta
from decimal import Decimal

from src.crm.cobranca import boleto, pix
from tests.crm.conftest import configurar_cobranca, contratar, faturar, hoje
from tests.factories import create_chamado


async def test_invoice_refusals_are_clear(client, crm):
    contrato = await contratar(client, crm)
    casos = [
        ({"competencia": "2026-13"}, "AAAA-MM"),
        ({"competencia": "2026-02", "vencimento": "2026-02-31"}, "data que existe"),
        ({"competencia": "2026-02", "valor": 0}, "maior que zero"),
        ({"competencia": "2026-02", "valor": "-5.00"}, "maior que zero"),
    ]
    for campos, trecho in casos:
        resposta = await client.post(
            "/faturas/", json={"contrato_id": contrato["id"], **campos}, headers=crm["admin"]
        )
        assert resposta.status_code == 422, (campos, resposta.text)
        assert trecho in resposta.text
    await faturar(client, crm, contrato["id"], "2026-02")
    repetida = await client.post(
        "/faturas/",
        json={"contrato_id": contrato["id"], "competencia": "2026-02"},
        headers=crm["admin"],
    )
    assert repetida.status_code == 409
    assert repetida.json()["detail"] == "O contrato já tem uma fatura dessa competência"


async def test_boleto_needs_the_empresas_agreement_then_validates(client, crm):
    contrato = await contratar(client, crm)
    vencimento = hoje() + timedelta(days=5)
    fatura = await faturar(client, crm, contrato["id"], vencimento=vencimento.isoformat())
    assert fatura["status"] == "aberta"
    sem_config = await client.get(f"/faturas/{fatura['id']}/boleto", headers=crm["ana"])
    assert sem_config.status_code == 409
    assert "convênio" in sem_config.json()["detail"]
    await configurar_cobranca(client, crm)

    resposta = await client.get(f"/faturas/{fatura['id']}/boleto", headers=crm["ana"])
    assert resposta.status_code == 200, resposta.text
    corpo = resposta.json()
    assert corpo["valor"] == "99.90"
    assert corpo["vencida"] is False
    assert corpo["vencimento"] == vencimento.isoformat()
    linha, codigo = corpo["linha_digitavel"], corpo["codigo_barras"]
    assert (len(linha), len(codigo)) == (47, 44)
    assert boleto.linha_para_codigo_barras(linha) == codigo  # every check digit holds
    assert codigo[:4] == "0019"  # Banco do Brasil, real
    assert codigo[5:9] == boleto.fator_vencimento(vencimento)
    assert codigo[9:19] == "0000009990"
    assert codigo[19:] == f"0000001234567{fatura['id']:010d}17"


async def test_an_overdue_invoice_is_recalculated_with_fine_interest_and_new_due_date(client, crm):
    await configurar_cobranca(client, crm)
    contrato = await contratar(client, crm)
    vencimento = hoje() - timedelta(days=27)
    fatura = await faturar(
        client, crm, contrato["id"], vencimento=vencimento.isoformat(), valor="100.00"
    )
    assert fatura["status"] == "vencida"
    vencidas = await client.get("/faturas/", params={"status": "vencida"}, headers=crm["ana"])
    assert [f["id"] for f in vencidas.json()] == [fatura["id"]]
    abertas = await client.get("/faturas/", params={"status": "aberta"}, headers=crm["ana"])
    assert abertas.json() == []

    corpo = (await client.get(f"/faturas/{fatura['id']}/boleto", headers=crm["ana"])).json()
    novo = hoje() + timedelta(days=3)
    # 2% fine, 1% a month pro rata over 30 days for the 30 days from due date to new due date.
    assert corpo["vencimento"] == novo.isoformat()
    assert (corpo["multa"], corpo["juros"], corpo["valor"]) == ("2.00", "1.00", "103.00")
    codigo = boleto.linha_para_codigo_barras(corpo["linha_digitavel"])
    assert codigo[5:9] == boleto.fator_vencimento(novo)
    assert codigo[9:19] == "0000010300"


async def test_pix_copy_and_paste_decodes_field_by_field(client, crm):
    await configurar_cobranca(client, crm)
    contrato = await contratar(client, crm)
    fatura = await faturar(
        client, crm, contrato["id"], vencimento=(hoje() + timedelta(days=2)).isoformat()
    )
    resposta = await client.get(f"/faturas/{fatura['id']}/pix", headers=crm["ana"])
    assert resposta.status_code == 200, resposta.text
    corpo = resposta.json()
    campos = pix.campos(corpo["copia_e_cola"])  # refuses a wrong CRC
    assert campos["00"] == "01"
    assert campos["26"] == "0014br.gov.bcb.pix0126financeiro@fibraboa.com.br"
    assert (campos["52"], campos["53"], campos["54"], campos["58"]) == (
        "0000",
        "986",
        "99.90",
        "BR",
    )
    assert (campos["59"], campos["60"]) == ("Fibra Boa Telecom Ltda", "Sao Paulo")
    assert campos["62"] == f"05{len(corpo['txid']):02d}{corpo['txid']}"
    assert corpo["qr_code_svg"].lstrip().startswith("<?xml") or "<svg" in corpo["qr_code_svg"]
    png = await client.get(
        f"/faturas/{fatura['id']}/pix", params={"formato": "png"}, headers=crm["ana"]
    )
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = await client.get(
        f"/faturas/{fatura['id']}/pix", params={"formato": "svg"}, headers=crm["ana"]
    )
    assert svg.headers["content-type"].startswith("image/svg+xml")


async def test_payments_settle_invoices_once_per_notice(client, crm):
    contrato = await contratar(client, crm)
    fatura = await faturar(client, crm, contrato["id"])
    parcial = {"fatura_id": fatura["id"], "valor": "40.00", "meio": "pix", "id_externo": "E1"}
    primeiro = await client.post("/pagamentos/", json=parcial, headers=crm["admin"])
    assert primeiro.status_code == 201, primeiro.text
    assert primeiro.json()["fatura_paga"] is False
    repetido = await client.post("/pagamentos/", json=parcial, headers=crm["admin"])
    assert repetido.status_code == 200
    assert repetido.json()["id"] == primeiro.json()["id"]
    meio = await client.get(f"/faturas/{fatura['id']}", headers=crm["ana"])
    assert (meio.json()["status"], meio.json()["valor_pago"]) == ("aberta", "40.00")

    resto = {"fatura_id": fatura["id"], "valor": 59.9, "meio": "boleto"}
    quitou = await client.post("/pagamentos/", json=resto, headers=crm["admin"])
    assert quitou.status_code == 201
    assert quitou.json()["fatura_paga"] is True
    paga = (await client.get(f"/faturas/{fatura['id']}", headers=crm["ana"])).json()
    assert (paga["status"], paga["valor_pago"]) == ("paga", "99.90")
    assert paga["pago_em"] is not None
    # Paid twice (PIX and boleto): the money is recorded, shown as paid in excess.
    de_novo = await client.post("/pagamentos/", json=resto, headers=crm["admin"])
    assert de_novo.status_code == 201
    excedente = (await client.get(f"/faturas/{fatura['id']}", headers=crm["ana"])).json()
    assert (excedente["status"], excedente["valor_pago"]) == ("paga", "159.80")
    outro = {**parcial, "valor": "41.00"}  # E1 again, saying something else
    conflito = await client.post("/pagamentos/", json=outro, headers=crm["admin"])
    assert conflito.status_code == 409
    assert conflito.json()["code"] == "id_externo_em_uso"
    boleto_pago = await client.get(f"/faturas/{fatura['id']}/boleto", headers=crm["ana"])
    assert boleto_pago.status_code == 409
    cancelar = await client.patch(
        f"/faturas/{fatura['id']}", json={"status": "cancelada"}, headers=crm["admin"]
    )
    assert cancelar.status_code == 409
    operador = await client.post("/pagamentos/", json=resto, headers=crm["ana"])
    assert operador.status_code == 403


async def test_money_for_a_cancelled_invoice_is_still_recorded(client, crm):
    contrato = await contratar(client, crm)
    fatura = await faturar(client, crm, contrato["id"])
    cancelada = await client.patch(
        f"/faturas/{fatura['id']}", json={"status": "cancelada"}, headers=crm["admin"]
    )
    assert cancelada.json()["status"] == "cancelada"
    pagamento = {"fatura_id": fatura["id"], "valor": "99.90", "meio": "pix"}
    recebido = await client.post("/pagamentos/", json=pagamento, headers=crm["admin"])
    assert recebido.status_code == 201  # the money arrived: recorded, never lost
    assert recebido.json()["fatura_paga"] is False
    depois = (await client.get(f"/faturas/{fatura['id']}", headers=crm["ana"])).json()
    assert (depois["status"], depois["valor_pago"]) == ("cancelada", "99.90")


async def test_the_customer_summary_shows_plan_invoices_payments_and_tickets(client, crm):
    contrato = await contratar(client, crm)
    vencida = await faturar(
        client, crm, contrato["id"], "2026-10", vencimento=(hoje() - timedelta(days=10)).isoformat()
    )
    aberta = await faturar(
        client, crm, contrato["id"], "2026-11", vencimento=(hoje() + timedelta(days=7)).isoformat()
    )
    paga = await faturar(client, crm, contrato["id"], "2026-09", valor="99.90")
    await client.post(
        "/pagamentos/",
        json={"fatura_id": paga["id"], "valor": "99.90", "meio": "pix"},
        headers=crm["admin"],
    )
    chamado = await create_chamado(client, crm["ana"], crm["cliente"], "Já paguei a fatura")

    resumo = await client.get(f"/clientes/{crm['cliente']}/resumo", headers=crm["ana"])
    assert resumo.status_code == 200, resumo.text
    corpo = resumo.json()
    assert corpo["cliente"]["cpf_cnpj"] == "***.533.447-**"
    assert [c["plano"]["nome"] for c in corpo["contratos"]] == ["Fibra 300"]
    assert [(f["id"], f["status"]) for f in corpo["faturas_em_aberto"]] == [
        (vencida["id"], "vencida"),
        (aberta["id"], "aberta"),
    ]
    assert corpo["total_em_aberto"] == str(Decimal("99.90") * 2)
    assert [p["fatura_id"] for p in corpo["ultimos_pagamentos"]] == [paga["id"]]
    assert [c["id"] for c in corpo["chamados_recentes"]] == [chamado["chamado_id"]]
    admin = await client.get(f"/clientes/{crm['cliente']}/resumo", headers=crm["admin"])
    assert admin.json()["cliente"]["cpf_cnpj"] == "390.533.447-05"
    ausente = await client.get("/clientes/999999/resumo", headers=crm["ana"])
    assert ausente.status_code == 404


async def test_a_due_date_the_barcode_cannot_carry_is_a_clear_422(client, crm):
    await configurar_cobranca(client, crm)
    contrato = await contratar(client, crm)
    fatura = await faturar(client, crm, contrato["id"], "2099-11")  # past the factor's 2049-10-13
    resposta = await client.get(f"/faturas/{fatura['id']}/boleto", headers=crm["ana"])
    assert resposta.status_code == 422
    assert resposta.json()["detail"].startswith("Não é possível gerar o boleto")
    pix_ok = await client.get(f"/faturas/{fatura['id']}/pix", headers=crm["ana"])
    assert pix_ok.status_code == 200


def test_a_due_date_on_a_weekend_or_holiday_moves_to_the_next_business_day():
    from datetime import date

    from src.crm.calendario import limite_vencidas

    segunda = date(2026, 11, 30)
    assert limite_vencidas(segunda) == date(2026, 11, 28)  # Saturday's and Sunday's: on time
    # Friday 2026-11-20 is a national holiday (Consciência Negra): due then, paid Monday.
    assert limite_vencidas(date(2026, 11, 23)) == date(2026, 11, 20)
    assert limite_vencidas(date(2026, 11, 26)) == date(2026, 11, 26)  # a Thursday
