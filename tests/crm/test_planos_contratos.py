"""Plans and contracts: exact money, clear refusals, and plan changes prorated."""

from datetime import date, timedelta

from tests.crm.conftest import contratar, hoje


async def test_plan_prices_are_exact_decimal_strings(client, crm):
    lista = await client.get("/planos/", headers=crm["ana"])
    assert lista.status_code == 200
    assert [(p["nome"], p["preco_mensal"]) for p in lista.json()] == [
        ("Fibra 300", "99.90"),
        ("Fibra 600", "149.90"),
    ]
    assert lista.json()[0]["atributos"] == {"velocidade_mbps": 300}
    alterado = await client.patch(
        f"/planos/{crm['planos']['Fibra 300']}", json={"preco_mensal": "0.1"}, headers=crm["admin"]
    )
    assert alterado.json()["preco_mensal"] == "0.10"


async def test_bad_money_and_names_get_clear_portuguese_errors(client, crm):
    casos = [
        ({"nome": "X", "preco_mensal": -1}, "não pode ser negativo"),
        ({"nome": "X", "preco_mensal": "10.999"}, "até duas casas decimais"),
        ({"nome": "X", "preco_mensal": True}, "valor em reais"),
        ({"nome": "X", "preco_mensal": "1e3"}, "até duas casas decimais"),
    ]
    for corpo, trecho in casos:
        resposta = await client.post("/planos/", json=corpo, headers=crm["admin"])
        assert resposta.status_code == 422, corpo
        assert trecho in resposta.text, resposta.text
    repetido = await client.post(
        "/planos/", json={"nome": "Fibra 300", "preco_mensal": 1}, headers=crm["admin"]
    )
    assert repetido.status_code == 409
    assert repetido.json()["detail"] == "Já existe um plano com esse nome nesta empresa"
    operador = await client.post(
        "/planos/", json={"nome": "Y", "preco_mensal": 1}, headers=crm["ana"]
    )
    assert operador.status_code == 403


async def test_contract_refusals(client, crm):
    base = {"cliente_id": crm["cliente"], "plano_id": crm["planos"]["Fibra 300"]}
    dia_31 = await client.post(
        "/contratos/", json={**base, "dia_vencimento": 31}, headers=crm["admin"]
    )
    assert dia_31.status_code == 422
    assert "menor ou igual a 28" in dia_31.text
    sem_plano = await client.post(
        "/contratos/", json={**base, "plano_id": 99999, "dia_vencimento": 5}, headers=crm["admin"]
    )
    assert sem_plano.status_code == 404
    assert sem_plano.json()["detail"] == "Plano não encontrado"
    await client.patch(
        f"/planos/{crm['planos']['Fibra 300']}", json={"ativo": False}, headers=crm["admin"]
    )
    inativo = await client.post(
        "/contratos/", json={**base, "dia_vencimento": 5}, headers=crm["admin"]
    )
    assert inativo.status_code == 409


async def test_a_plan_change_is_prorated_recorded_and_billed_next(client, crm):
    contrato = await contratar(client, crm, inicio=(hoje() - timedelta(days=40)).isoformat())
    assert contrato["plano"]["nome"] == "Fibra 300"
    assert contrato["ajuste_pendente"] == "0.00"
    dia = hoje()
    mudanca = await client.post(
        f"/contratos/{contrato['id']}/mudanca-plano",
        json={"plano_id": crm["planos"]["Fibra 600"], "data": dia.isoformat()},
        headers=crm["ana"],
    )
    assert mudanca.status_code == 200, mudanca.text
    corpo = mudanca.json()
    dias_no_mes = (date(dia.year + dia.month // 12, dia.month % 12 + 1, 1) - timedelta(days=1)).day
    restantes = dias_no_mes - dia.day + 1
    from decimal import ROUND_HALF_EVEN, Decimal

    esperado = (Decimal("50.00") * restantes / dias_no_mes).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN
    )
    assert corpo["ajuste"] == f"{esperado:.2f}"
    assert (corpo["dias_restantes"], corpo["dias_no_mes"]) == (restantes, dias_no_mes)
    assert corpo["contrato"]["plano"]["nome"] == "Fibra 600"
    assert corpo["contrato"]["ajuste_pendente"] == f"{esperado:.2f}"
    eventos = await client.get(f"/contratos/{contrato['id']}/eventos", headers=crm["ana"])
    assert [e["tipo"] for e in eventos.json()] == ["criado", "mudanca_plano"]
    assert eventos.json()[1]["dados"]["plano_anterior_id"] == crm["planos"]["Fibra 300"]

    # The next invoice without an amount takes the plan's price plus the adjustment, once.
    proxima = await client.post(
        "/faturas/",
        json={"contrato_id": contrato["id"], "competencia": "2099-01"},
        headers=crm["admin"],
    )
    assert proxima.status_code == 201, proxima.text
    assert proxima.json()["valor"] == f"{Decimal('149.90') + esperado:.2f}"
    assert proxima.json()["vencimento"] == "2099-01-10"
    depois = await client.get(f"/contratos/{contrato['id']}", headers=crm["ana"])
    assert depois.json()["ajuste_pendente"] == "0.00"
    seguinte = await client.post(
        "/faturas/",
        json={"contrato_id": contrato["id"], "competencia": "2099-02"},
        headers=crm["admin"],
    )
    assert seguinte.json()["valor"] == "149.90"


async def test_plan_change_refusals(client, crm):
    contrato = await contratar(client, crm)
    url = f"/contratos/{contrato['id']}/mudanca-plano"
    mesmo = await client.post(
        url, json={"plano_id": crm["planos"]["Fibra 300"]}, headers=crm["ana"]
    )
    assert mesmo.status_code == 422
    passado = await client.post(
        url,
        json={"plano_id": crm["planos"]["Fibra 600"], "data": "2020-01-01"},
        headers=crm["ana"],
    )
    assert passado.status_code == 422
    cancelado = await client.patch(
        f"/contratos/{contrato['id']}", json={"status": "cancelado"}, headers=crm["admin"]
    )
    assert cancelado.json()["status"] == "cancelado"
    depois = await client.post(
        url, json={"plano_id": crm["planos"]["Fibra 600"]}, headers=crm["ana"]
    )
    assert depois.status_code == 409
    assert depois.json()["detail"] == "O contrato está cancelado"


async def test_money_reads_numbers_exactly_and_text_only_in_its_published_form(client, crm):
    plano = f"/planos/{crm['planos']['Fibra 300']}"
    for enviado, mostrado in ((0.29, "0.29"), (57.01, "57.01"), ("0.5", "0.50"), (12, "12.00")):
        resposta = await client.patch(plano, json={"preco_mensal": enviado}, headers=crm["admin"])
        assert resposta.status_code == 200, (enviado, resposta.text)
        assert resposta.json()["preco_mensal"] == mostrado
    for recusado in (1.005, " 1.00", "1,00", "007", "100000000", 1e9, -0.01, True):
        resposta = await client.patch(plano, json={"preco_mensal": recusado}, headers=crm["admin"])
        assert resposta.status_code == 422, recusado


async def test_the_month_of_a_change_is_billed_on_the_old_plan_and_the_next_one_evens_it(
    client, crm
):
    from decimal import ROUND_HALF_EVEN, Decimal

    from src.crm.calendario import competencia, dias_no_mes

    contrato = await contratar(client, crm, inicio=(hoje() - timedelta(days=60)).isoformat())
    dia = hoje()
    mudanca = await client.post(
        f"/contratos/{contrato['id']}/mudanca-plano",
        json={"plano_id": crm["planos"]["Fibra 600"]},
        headers=crm["ana"],
    )
    ajuste = mudanca.json()["ajuste"]
    restantes = dias_no_mes(dia) - dia.day + 1
    esperado = (Decimal(50) * restantes / dias_no_mes(dia)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_EVEN
    )
    assert ajuste == f"{esperado:.2f}"

    async def faturar_mes(mes):
        corpo = {"contrato_id": contrato["id"], "competencia": mes}
        criada = await client.post("/faturas/", json=corpo, headers=crm["admin"])
        assert criada.status_code == 201, criada.text
        return criada.json()

    este_mes = await faturar_mes(competencia(dia))  # the plan on the 1st: the old one
    assert este_mes["valor"] == "99.90"
    seguinte = competencia(date(dia.year + dia.month // 12, dia.month % 12 + 1, 1))
    proximo = await faturar_mes(seguinte)
    assert proximo["valor"] == f"{Decimal('149.90') + esperado:.2f}"

    # Cancelled, the next month's invoice gives the adjustment back to whichever comes next.
    await client.patch(
        f"/faturas/{proximo['id']}", json={"status": "cancelada"}, headers=crm["admin"]
    )
    depois = await client.get(f"/contratos/{contrato['id']}", headers=crm["ana"])
    assert depois.json()["ajuste_pendente"] == f"{esperado:.2f}"


async def test_a_plan_change_cannot_be_dated_in_another_month(client, crm):
    contrato = await contratar(client, crm)
    futuro = (hoje() + timedelta(days=40)).isoformat()
    resposta = await client.post(
        f"/contratos/{contrato['id']}/mudanca-plano",
        json={"plano_id": crm["planos"]["Fibra 600"], "data": futuro},
        headers=crm["ana"],
    )
    assert resposta.status_code == 422
    assert "deste mês" in resposta.json()["detail"]
