"""Every bad input gets a clear 4xx in the error shape; nothing reaches the database as a 500."""

import pytest

from tests.factories import create_cliente, signup

# Clientes and chamados have BIGINT ids, bounded by what a JSON number carries exactly.
TOO_BIG_ID = 2**53
ERROR_KEYS = {"detail", "code", "request_id"}


@pytest.fixture
async def headers(client):
    return await signup(client)


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert "Traceback" not in response.text
    assert "SELECT" not in response.text.upper()
    return body


@pytest.mark.parametrize(
    "path",
    [
        f"/clientes/{TOO_BIG_ID}",
        f"/chamados/{TOO_BIG_ID}",
        f"/chamados/cliente/{TOO_BIG_ID}",
        "/clientes/0",
        "/clientes/-1",
        "/clientes/abc",
        "/chamados/1.5",
        "/clientes/?skip=-1",
        "/clientes/?limit=0",
        "/clientes/?limit=101",
        f"/clientes/?skip={2**63}",
        "/chamados/?limit=1000",
        "/chamados/?canal=telegram",
        "/chamados/?status_filtro=arquivado",
        "/chamados/cliente/1?limit=-5",
    ],
)
async def test_bad_path_and_query_values_are_422(client, headers, path):
    body = assert_error(await client.get(path, headers=headers), 422)
    assert body["code"] == "validation_error"
    assert body["erros"][0]["campo"]


@pytest.mark.parametrize(
    ("body", "campo"),
    [
        ({"canal": "site", "mensagem": "oi"}, "cliente_id"),
        ({"cliente_id": 1, "canal": "telegram", "mensagem": "oi"}, "canal"),
        ({"cliente_id": 1, "canal": "site", "mensagem": ""}, "mensagem"),
        ({"cliente_id": 1, "canal": "site", "mensagem": "   "}, "mensagem"),
        ({"cliente_id": 1, "canal": "site", "mensagem": "x" * 5001}, "mensagem"),
        ({"cliente_id": 1, "canal": "site", "mensagem": "nul\x00byte"}, "mensagem"),
        ({"cliente_id": TOO_BIG_ID, "canal": "site", "mensagem": "oi"}, "cliente_id"),
        ({"cliente_id": "um", "canal": "site", "mensagem": "oi"}, "cliente_id"),
        ({"cliente_id": 1, "canal": "site", "mensagem": 42}, "mensagem"),
        ({"cliente_id": 1, "canal": "site", "mensagem": ["lista"]}, "mensagem"),
    ],
)
async def test_bad_chamado_bodies_are_422(client, headers, body, campo):
    created = await create_cliente(client, headers)
    assert created["id"] == 1
    response = await client.post("/chamados/", json=body, headers=headers)
    assert assert_error(response, 422)["erros"][0]["campo"] == campo


async def test_longest_allowed_message_is_accepted(client, headers):
    cliente = await create_cliente(client, headers)
    body = {"cliente_id": cliente["id"], "canal": "email", "mensagem": "a" * 5000}
    assert (await client.post("/chamados/", json=body, headers=headers)).status_code == 201


@pytest.mark.parametrize(
    ("body", "campo"),
    [
        ({"nome": "x" * 256, "email": "a@b.com.br"}, "nome"),
        ({"nome": "", "email": "a@b.com.br"}, "nome"),
        ({"nome": "Ana", "email": "nao-e-email"}, "email"),
        ({"nome": "Ana", "email": "a@b.com.br", "telefone": "1" * 21}, "telefone"),
        ({"nome": "Ana", "email": "a@b.com.br", "telefone": "abc"}, "telefone"),
        ({"nome": "Ana", "email": "a@b.com.br", "canal_preferido": "fax"}, "canal_preferido"),
        ({"email": "a@b.com.br"}, "nome"),
    ],
)
async def test_bad_cliente_bodies_are_422(client, headers, body, campo):
    response = await client.post("/clientes/", json=body, headers=headers)
    assert assert_error(response, 422)["erros"][0]["campo"] == campo


async def test_malformed_json_is_422(client, headers):
    response = await client.post(
        "/chamados/",
        content=b'{"cliente_id": 1,',
        headers={**headers, "Content-Type": "application/json"},
    )
    body = assert_error(response, 422)
    assert body["detail"] == "Dados inválidos: body JSON malformado"


async def test_json_array_instead_of_object_is_422(client, headers):
    response = await client.post("/clientes/", json=["nome", "email"], headers=headers)
    assert_error(response, 422)


@pytest.mark.parametrize(
    "form",
    [
        {"username": "ana\x00", "password": "qualquer-coisa"},
        {"username": "a" * 10_000, "password": "qualquer-coisa"},
    ],
)
async def test_hostile_login_forms_are_plain_401(client, form):
    response = await client.post("/auth/login", data=form)
    assert assert_error(response, 401)["detail"] == "Incorrect username or password"


async def test_login_form_with_invalid_utf8_is_a_4xx(client):
    response = await client.post(
        "/auth/login",
        content=b"username=%FF%FE&password=%80abc",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    "body",
    [
        {"username": "a", "email": "a@b.com.br", "password": "senha-forte-1"},
        {"username": "com espaço", "email": "a@b.com.br", "password": "senha-forte-1"},
        {"username": "ana", "email": "a@b.com.br", "password": "curta"},
        {"username": "ana", "email": "invalido", "password": "senha-forte-1"},
    ],
)
async def test_bad_signups_are_422(client, body):
    assert_error(await client.post("/auth/signup", json=body), 422)


async def test_unknown_route_and_method_use_the_error_shape(client, headers):
    assert assert_error(await client.get("/nao-existe"), 404)["code"] == "not_found"
    assert assert_error(await client.delete("/health"), 405)["code"] == "method_not_allowed"


@pytest.mark.parametrize("value", ["+1", "1_0", " 1", "1 "])
async def test_pagination_and_usuario_ids_are_digits_only(client, value):
    admin = await signup(client, "chefe")
    listing = await client.get("/clientes/", params={"skip": value}, headers=admin)
    assert listing.status_code == 422, listing.text
    patch = await client.patch(f"/usuarios/{value}", json={"ativo": True}, headers=admin)
    assert patch.status_code == 422, patch.text


@pytest.mark.parametrize("value", ["1", 1.5, True])
async def test_cliente_id_in_a_body_must_be_a_json_integer(client, value):
    headers = await signup(client, "ana")
    await create_cliente(client, headers)
    response = await client.post(
        "/chamados/",
        json={"cliente_id": value, "canal": "site", "mensagem": "oi"},
        headers=headers,
    )
    assert response.status_code == 422, response.text


async def test_ids_past_32_bits_are_just_missing_clientes_and_chamados(client, headers):
    for path in (f"/clientes/{2**31}", f"/chamados/{2**40}", f"/chamados/cliente/{2**53 - 1}"):
        assert_error(await client.get(path, headers=headers), 404)
    body = {"cliente_id": 2**31, "canal": "site", "mensagem": "oi"}
    assert_error(await client.post("/chamados/", json=body, headers=headers), 404)
