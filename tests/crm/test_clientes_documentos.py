"""Customers' CPF/CNPJ: validated, unique in the empresa, masked to operators; addresses."""

from tests.factories import create_cliente

ENDERECO = {
    "cep": "01310100",
    "logradouro": "Avenida Paulista",
    "numero": "1000",
    "bairro": "Bela Vista",
    "cidade": "São Paulo",
    "uf": "SP",
}


async def test_documents_are_checked_and_masked_for_operators(client, crm):
    for documento, trecho in (
        ("390.533.447-06", "CPF inválido"),
        ("111.111.111-11", "CPF ou CNPJ inválido"),
        ("11.222.333/0001-82", "CNPJ inválido"),
        ("1234", "CPF (11 dígitos) ou um CNPJ"),
    ):
        resposta = await client.post(
            "/clientes/",
            json={"nome": "X", "email": "x@exemplo.com.br", "cpf_cnpj": documento},
            headers=crm["admin"],
        )
        assert resposta.status_code == 422, documento
        assert trecho in resposta.text
    empresa = await create_cliente(
        client, crm["admin"], cpf_cnpj="11222333000181", endereco=ENDERECO
    )
    assert empresa["cpf_cnpj"] == "11.222.333/0001-81"
    assert empresa["endereco"]["cep"] == "01310-100"
    visto = await client.get(f"/clientes/{empresa['id']}", headers=crm["ana"])
    assert visto.json()["cpf_cnpj"] == "**.222.333/****-**"
    lista = await client.get("/clientes/", headers=crm["ana"])
    assert "390.533.447-05" not in lista.text
    assert "39053344705" not in lista.text
    repetido = await client.post(
        "/clientes/",
        json={"nome": "Y", "email": "y@exemplo.com.br", "cpf_cnpj": "390.533.447-05"},
        headers=crm["admin"],
    )
    assert repetido.status_code == 409


async def test_alphanumeric_cnpj_is_accepted(client, crm):
    cliente = await create_cliente(client, crm["admin"], cpf_cnpj="12.ABC.345/01DE-35")
    assert cliente["cpf_cnpj"] == "12.ABC.345/01DE-35"


async def test_patch_changes_and_clears_fields(client, crm):
    url = f"/clientes/{crm['cliente']}"
    alterado = await client.patch(
        url, json={"endereco": ENDERECO, "telefone": "+55 11 3333-4444"}, headers=crm["ana"]
    )
    assert alterado.status_code == 200, alterado.text
    assert alterado.json()["endereco"]["uf"] == "SP"
    errado = await client.patch(
        url, json={"endereco": {**ENDERECO, "uf": "XX"}}, headers=crm["ana"]
    )
    assert errado.status_code == 422
    limpo = await client.patch(url, json={"cpf_cnpj": None, "endereco": None}, headers=crm["admin"])
    assert (limpo.json()["cpf_cnpj"], limpo.json()["endereco"]) == (None, None)
    assert limpo.json()["telefone"] == "+55 11 3333-4444"
