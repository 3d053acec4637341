"""Bodies that cannot be read, and wrong methods, get pt-BR answers in the error shape; the
405 `Allow` header lists every method of the path."""

import re

import pytest

from tests.factories import signup

ERROR_KEYS = {"detail", "code", "request_id"}
# Words of framework messages that must never reach a client.
ENGLISH = ("error", "parsing", "invalid", "value is", "field", "expected", "should")


@pytest.fixture
async def headers(client):
    return await signup(client)


def assert_pt_br_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= ERROR_KEYS
    assert body["request_id"] == response.headers["X-Request-ID"]
    texts = [body["detail"]] + [erro["mensagem"] for erro in body.get("erros", [])]
    for text in texts:
        assert not any(word in text.lower() for word in ENGLISH), text
    return body


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"[" * 10_000 + b"]" * 10_000, "Corpo da requisição com aninhamento profundo demais"),
        (
            b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
            "Corpo da requisição com aninhamento profundo demais",
        ),
        (
            b'{"nome": "\xff\xfe", "email": "a@b.com.br"}',
            "Corpo da requisição não está em UTF-8 válido",
        ),
        (
            b'{"nome": "Ana", "telefone": ' + b"9" * 5000 + b"}",
            "Corpo da requisição contém um número grande demais",
        ),
    ],
    ids=["nested-arrays", "nested-objects", "invalid-utf8", "huge-number"],
)
async def test_unreadable_json_bodies_are_pt_br_400(client, headers, content, detail):
    response = await client.post(
        "/clientes/", content=content, headers={**headers, "Content-Type": "application/json"}
    )
    body = assert_pt_br_error(response, 400)
    assert body == {"detail": detail, "code": "invalid_body", "request_id": body["request_id"]}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"nome=Ana&email=a%40b.com.br", "application/x-www-form-urlencoded"),
        (b"nome=Ana", "text/plain"),
        (b'{"nome": NaN}', "application/json"),
        (b'{"nome": "Ana",', "application/json"),
        (b"", "application/json"),
    ],
)
async def test_wrong_or_broken_bodies_are_pt_br_422(client, headers, content, content_type):
    response = await client.post(
        "/clientes/", content=content, headers={**headers, "Content-Type": content_type}
    )
    assert assert_pt_br_error(response, 422)["code"] == "validation_error"


async def test_broken_multipart_login_is_pt_br_400(client):
    response = await client.post(
        "/auth/login",
        content=b"username=ana&password=x",
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )
    body = assert_pt_br_error(response, 400)
    assert body["code"] == "invalid_body"


@pytest.mark.parametrize(
    "email", ["nao-e-email", "Ana <ana@b.com.br>", "ana@exemplo.test", "a" * 65 + "@b.com.br"]
)
async def test_bad_emails_get_a_pt_br_message(client, headers, email):
    response = await client.post(
        "/clientes/", json={"nome": "Ana", "email": email}, headers=headers
    )
    body = assert_pt_br_error(response, 422)
    assert body["erros"][0] == {
        "campo": "email",
        "mensagem": "e-mail inválido",
        "tipo": "email_invalido",
    }


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/chamados/", {"GET", "POST"}),
        ("DELETE", "/chamados/", {"GET", "POST"}),
        ("OPTIONS", "/chamados/1", {"GET", "PUT", "PATCH"}),
        ("PATCH", "/clientes/", {"GET", "POST"}),
        ("DELETE", "/health", {"GET"}),
    ],
)
async def test_405_allow_lists_every_method_of_the_path(client, headers, method, path, allow):
    response = await client.request(method, path, headers=headers)
    body = assert_pt_br_error(response, 405)
    assert body["code"] == "method_not_allowed"
    assert {m.strip() for m in response.headers["Allow"].split(",")} == allow


async def test_405_allow_matches_the_openapi_document_for_every_path(app, client, headers):
    for path, operations in app.openapi()["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        response = await client.request("TRACE", concrete, headers=headers)
        assert response.status_code == 405, path
        advertised = {m.strip() for m in response.headers["Allow"].split(",")} - {"HEAD"}
        assert advertised == {method.upper() for method in operations}, path


@pytest.mark.parametrize("raw", ["1%09", "%201", "1_0", "+1", "1.0", "0x1"])
async def test_ids_in_the_path_are_digits_only(client, headers, raw):
    for path in (f"/chamados/{raw}", f"/clientes/{raw}", f"/chamados/cliente/{raw}"):
        response = await client.get(path, headers=headers)
        assert (
            assert_pt_br_error(response, 422)["erros"][0]["mensagem"]
            == "deve ser um número inteiro"
        )
