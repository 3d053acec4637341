"""/docs, /redoc and /openapi.json: hidden in production unless asked for, and served from
the service's own assets (no CDN) when shown."""

import re

import pytest
from cryptography.fernet import Fernet

from src.core.config import Settings

STRONG = "k" * 48
DOC_URLS = ("/docs", "/redoc", "/openapi.json", "/docs/assets/swagger-ui-bundle.js")
ATTRIBUTE_URL = re.compile(r"""(?:src|href)="([^"]*)\"""")


@pytest.fixture
async def production_client(make_client, monkeypatch):
    # The triage encoder is what production requires elsewhere; irrelevant to the docs.
    monkeypatch.setenv("TRIAGE_REQUIRE_MODEL", "false")

    async def build(**overrides):
        return await make_client(app_env="production", secret_key=STRONG, **overrides)

    return build


async def test_production_hides_the_docs_by_default(production_client):
    http = await production_client()
    for url in DOC_URLS:
        response = await http.get(url)
        assert response.status_code == 404, url
        body = response.json()
        assert body["code"] == "not_found"
        assert set(body) >= {"detail", "code", "request_id"}
    assert (await http.get("/health")).status_code == 200


async def test_production_serves_the_docs_when_enabled(production_client):
    http = await production_client(docs_enabled=True)
    assert (await http.get("/docs")).status_code == 200
    assert (await http.get("/redoc")).status_code == 200
    assert "/chamados/" in (await http.get("/openapi.json")).json()["paths"]


@pytest.mark.parametrize(
    ("env", "value", "visible"),
    [
        ("production", None, False),
        ("production", "true", True),
        ("development", None, True),
        ("test", None, True),
        ("development", "false", False),
    ],
)
def test_docs_enabled_unset_follows_the_environment(monkeypatch, env, value, visible):
    monkeypatch.delenv("DOCS_ENABLED", raising=False)
    if value is not None:
        monkeypatch.setenv("DOCS_ENABLED", value)
    chave = Fernet.generate_key().decode()
    settings = Settings(_env_file=None, app_env=env, secret_key=STRONG, chave_segredos=chave)
    assert settings.docs_visible is visible


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_doc_pages_load_only_local_assets(client, page):
    response = await client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "://" not in html  # no CDN, no Google Fonts, no remote favicon
    urls = ATTRIBUTE_URL.findall(html)
    assert urls
    for url in urls:
        assert url.startswith("/"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content, url


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_doc_pages_cannot_reach_other_hosts(client, page):
    policy = (await client.get(page)).headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    for name in ("script-src", "img-src", "connect-src", "style-src", "font-src"):
        sources = directives[name].split()
        assert "'self'" in sources
        assert not [source for source in sources if "." in source or source == "*"], name


async def test_swagger_ui_keeps_login_settings_and_skips_the_online_validator(client):
    html = (await client.get("/docs")).text
    assert '"persistAuthorization": true' in html
    assert '"validatorUrl": null' in html
    schema = (await client.get("/openapi.json")).json()
    flows = [scheme["flows"] for scheme in schema["components"]["securitySchemes"].values()]
    assert {"password": {"scopes": {}, "tokenUrl": "/auth/login"}} in flows
