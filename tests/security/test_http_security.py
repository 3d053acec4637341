"""Security headers, CORS, the request body cap and switching the docs off."""

import json

import pytest
from cryptography.fernet import Fernet

from src.core.config import Settings
from src.main import create_app
from tests.factories import signup

CHAVE = Fernet.generate_key().decode()  # channel secrets key of a production start

MIB = 1024 * 1024
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/health", 200),
        ("GET", "/", 200),
        ("GET", "/clientes/", 401),
        ("GET", "/nao-existe", 404),
        ("POST", "/auth/signup", 422),
    ],
)
async def test_security_headers_on_every_response(client, method, url, status):
    response = await client.request(method, url, json={} if method == "POST" else None)
    assert response.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "strict-transport-security" not in response.headers


async def test_hsts_only_in_production(make_client):
    production = await make_client(app_env="production")
    response = await production.get("/health")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_no_cors_headers_without_configured_origins(client):
    response = await client.get("/health", headers={"Origin": "https://malicioso.example"})
    assert "access-control-allow-origin" not in response.headers


async def test_cors_allows_only_configured_origins_without_credentials(make_client):
    http = await make_client(cors_origins=["https://painel.empresa.com.br"])
    preflight = await http.options(
        "/clientes/",
        headers={
            "Origin": "https://painel.empresa.com.br",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "https://painel.empresa.com.br"
    assert "access-control-allow-credentials" not in preflight.headers
    simple = await http.get("/health", headers={"Origin": "https://painel.empresa.com.br"})
    assert simple.headers["access-control-allow-origin"] == "https://painel.empresa.com.br"
    stranger = await http.get("/health", headers={"Origin": "https://malicioso.example"})
    assert "access-control-allow-origin" not in stranger.headers


def test_cors_origins_default_to_none_in_production():
    assert (
        Settings(
            _env_file=None, app_env="production", secret_key="s" * 48, chave_segredos=CHAVE
        ).cors_origins
        == []
    )


async def test_declared_oversized_body_is_refused_without_being_read(app):
    """Content-Length over 1 MiB: 413 straight away, `receive` is never called."""
    messages: list[dict] = []

    async def receive() -> dict:
        raise AssertionError("the body must not be read")

    async def send(message: dict) -> None:
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/clientes/",
        "raw_path": b"/clientes/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-length", str(MIB + 1).encode()), (b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    assert messages[0]["status"] == 413
    body = json.loads(messages[1]["body"])
    assert body["code"] == "payload_too_large"
    assert body["detail"] == "Corpo da requisição grande demais"
    assert body["request_id"]


async def test_oversized_body_gets_413_in_the_error_shape(client):
    headers = await signup(client, "ana")
    response = await client.post(
        "/clientes/",
        content=b"x" * (MIB + 1),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_chunked_oversized_body_is_cut_off_at_the_cap(client):
    headers = await signup(client, "ana")
    sent = 0

    async def chunks():
        nonlocal sent
        for _ in range(64):
            sent += 64 * 1024
            yield b" " * (64 * 1024)

    for url, content_type in [
        ("/clientes/", "application/json"),
        ("/auth/login", "application/x-www-form-urlencoded"),
    ]:
        sent = 0
        response = await client.post(
            url, content=chunks(), headers={**headers, "Content-Type": content_type}
        )
        assert response.status_code == 413, response.text
        assert response.json()["code"] == "payload_too_large"
        assert sent <= MIB + 128 * 1024  # stopped reading right after the cap


async def test_body_at_the_cap_is_accepted_for_processing(client):
    headers = await signup(client, "ana")
    body = json.dumps({"nome": "A", "email": "a@b.com.br", "pad": " " * (MIB - 60)}).encode()
    assert len(body) <= MIB
    response = await client.post(
        "/clientes/", content=body, headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code in (201, 422)


async def test_docs_can_be_switched_off(make_client):
    http = await make_client(docs_enabled=False)
    for url in ("/docs", "/redoc", "/openapi.json"):
        assert (await http.get(url)).status_code == 404
    assert (await http.get("/health")).status_code == 200


def test_docs_are_on_by_default(settings):
    app = create_app(settings)
    assert app.docs_url == "/docs"
    assert app.redoc_url == "/redoc"
