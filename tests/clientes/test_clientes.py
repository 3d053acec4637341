from sqlalchemy import select

from src.models import Cliente
from tests.factories import create_cliente, signup


async def test_create_cliente_returns_201_and_stores_the_row(client, db):
    headers = await signup(client)
    response = await client.post(
        "/clientes/",
        json={"nome": "Maria", "email": "Maria@Exemplo.com.br", "telefone": "+55 11 91234-5678"},
        headers=headers,
    )
    assert response.status_code == 201
    body = response.json()
    contrato = {"id", "nome", "email", "telefone", "canal_preferido", "data_criacao"}
    # v1's fields, and the extensions of the channels and of the CRM
    assert set(body) == contrato | {"whatsapp", "cpf_cnpj", "endereco"}
    assert (body["whatsapp"], body["cpf_cnpj"], body["endereco"]) == (None, None, None)
    assert body["canal_preferido"] == "site"
    assert body["email"] == "maria@exemplo.com.br"
    row = await db.get(Cliente, body["id"])
    assert (row.nome, row.telefone) == ("Maria", "+55 11 91234-5678")


async def test_duplicate_email_is_400(client):
    headers = await signup(client)
    await create_cliente(client, headers, email="dup@exemplo.com.br")
    response = await client.post(
        "/clientes/", json={"nome": "Outro", "email": "DUP@exemplo.com.br"}, headers=headers
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Email já cadastrado"


async def test_get_cliente_and_404(client):
    headers = await signup(client)
    cliente = await create_cliente(client, headers, canal_preferido="whatsapp")
    found = await client.get(f"/clientes/{cliente['id']}", headers=headers)
    assert found.status_code == 200
    assert found.json() == cliente
    missing = await client.get("/clientes/999", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Cliente não encontrado"


async def test_list_clientes_paginates(client, db):
    headers = await signup(client)
    created = [await create_cliente(client, headers) for _ in range(3)]
    first_page = await client.get("/clientes/?skip=0&limit=2", headers=headers)
    second_page = await client.get("/clientes/?skip=2&limit=2", headers=headers)
    assert [c["id"] for c in first_page.json()] == [created[0]["id"], created[1]["id"]]
    assert [c["id"] for c in second_page.json()] == [created[2]["id"]]
    default = await client.get("/clientes/", headers=headers)
    assert len(default.json()) == 3
    assert len((await db.scalars(select(Cliente))).all()) == 3
