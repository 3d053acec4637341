"""Account administration: admin-only creation, listing and role/activation changes; the
platform administrator's routes."""

import re

import pytest
from sqlalchemy import select

from src.models import Papel, Usuario
from tests.factories import DEFAULT_PASSWORD, signup

# Every route that needs an admin; the meta-tests below keep this list complete.
ADMIN_ROUTES = [
    ("POST", "/usuarios/", {"username": "novo", "email": "n@e.com.br", "password": "x" * 12}),
    ("GET", "/usuarios/", None),
    ("PATCH", "/usuarios/{usuario_id}", {"ativo": True}),
    ("POST", "/equipes/", {"nome": "Financeiro"}),
    ("PATCH", "/equipes/{equipe_id}", {"nome": "Outra"}),
    ("DELETE", "/equipes/{equipe_id}", None),
    ("PATCH", "/empresas/atual", {"janela_reabertura_dias": 3}),
    (
        "PUT",
        "/sla/politicas/{prioridade}",
        {"primeira_resposta_minutos": 5, "resolucao_minutos": 9},
    ),
    ("POST", "/etiquetas/", {"nome": "vip"}),
    ("DELETE", "/etiquetas/{etiqueta_id}", None),
    ("POST", "/respostas-prontas/", {"titulo": "t", "texto": "x"}),
    ("PATCH", "/respostas-prontas/{resposta_id}", {"texto": "y"}),
    ("DELETE", "/respostas-prontas/{resposta_id}", None),
    ("PUT", "/triagem/intencoes/{nome}", {"prioridade": "alta"}),
    (
        "POST",
        "/triagem/intencoes",
        {
            "nome": "carne_da_loja",
            "descricao": "Carnê",
            "prioridade": "baixa",
            "resposta": "ok",
            "exemplos": ["a b c", "d e f", "g h i", "j k l", "m n o"],
        },
    ),
    ("DELETE", "/triagem/intencoes/{nome}", None),
    ("PUT", "/triagem/limiares", {"confianca_minima": 0.8, "margem_minima": 0.3}),
    (
        "POST",
        "/canais/",
        {
            "tipo": "whatsapp",
            "nome": "WhatsApp",
            "config": {
                "phone_number_id": "12345678",
                "verify_token": "verifica-123",
                "app_secret": "segredo-123",
                "access_token": "EAA-token-123",
            },
        },
    ),
    ("GET", "/canais/", None),
    ("GET", "/canais/{canal_id}", None),
    ("PATCH", "/canais/{canal_id}", {"nome": "Outro"}),
    ("POST", "/canais/{canal_id}/segredos", {"access_token": "EAA-token-456"}),
    ("DELETE", "/canais/{canal_id}", None),
    ("POST", "/webhooks/", {"url": "https://erp.exemplo.com.br/x", "eventos": ["chamado.criado"]}),
    ("GET", "/webhooks/", None),
    ("GET", "/webhooks/{webhook_id}", None),
    ("PATCH", "/webhooks/{webhook_id}", {"descricao": "ERP"}),
    ("DELETE", "/webhooks/{webhook_id}", None),
    ("POST", "/webhooks/{webhook_id}/segredo", None),
    ("GET", "/webhooks/{webhook_id}/entregas", None),
    ("POST", "/webhooks/{webhook_id}/entregas/{entrega_id}/reenviar", None),
    ("POST", "/planos/", {"nome": "Fibra", "preco_mensal": "99.90"}),
    ("PATCH", "/planos/{plano_id}", {"ativo": False}),
    ("POST", "/contratos/", {"cliente_id": 1, "plano_id": 1, "dia_vencimento": 5}),
    ("PATCH", "/contratos/{contrato_id}", {"status": "suspenso"}),
    ("POST", "/faturas/", {"contrato_id": 1, "competencia": "2026-11"}),
    ("PATCH", "/faturas/{fatura_id}", {"status": "cancelada"}),
    ("POST", "/pagamentos/", {"fatura_id": 1, "valor": "10.00", "meio": "pix"}),
    ("DELETE", "/kb/artigos/{artigo_id}", None),
]
# Routes of the platform administrator (superadmin): not even an empresa's admin uses them.
SUPERADMIN_ROUTES = [
    ("POST", "/empresas/", {"nome": "Outra", "slug": "outra"}),
    ("GET", "/empresas/", None),
    ("GET", "/empresas/{empresa_id}", None),
    ("PATCH", "/empresas/{empresa_id}", {"ativa": True}),
]
# The contract's public routes (plus readiness); everything else needs a token.
PUBLIC_ROUTES = {
    ("GET", "/"),
    ("GET", "/health"),
    ("GET", "/health/ready"),
    ("POST", "/auth/signup"),
    ("POST", "/auth/login"),
    # The satisfaction survey: its unguessable token is the credential.
    ("GET", "/publico/csat/{token}"),
    ("POST", "/publico/csat/{token}"),
    # A provider's calls: the channel's unguessable path token (and signature) is the key.
    ("GET", "/canais/whatsapp/{token}/webhook"),
    ("POST", "/canais/whatsapp/{token}/webhook"),
    # A provider posting e-mail: the path token (and Mailgun's signature) is the key.
    ("POST", "/canais/email/{token}/entrada"),
    # The help center: the published articles of the empresa its slug names, for anyone.
    ("GET", "/publico/kb/{slug}/artigos"),
    ("GET", "/publico/kb/{slug}/artigos/{artigo_id}"),
    ("GET", "/publico/kb/{slug}/busca"),
}


def _operations(app) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
    ]


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


async def test_every_non_public_route_answers_401_without_token(app, client):
    operations = [op for op in _operations(app) if op not in PUBLIC_ROUTES]
    assert len(operations) >= 15
    for method, path in operations:
        response = await client.request(method, _concrete(path), json={})
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"
        assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_atendente_gets_403_exactly_on_the_admin_routes(app, client):
    await signup(client, "chefe")
    atendente = await signup(client, "ana")
    forbidden = set()
    for method, path in _operations(app):
        response = await client.request(method, _concrete(path), json={}, headers=atendente)
        if response.status_code == 403:
            forbidden.add((method, path))
    everyone_above = ADMIN_ROUTES + SUPERADMIN_ROUTES
    assert forbidden == {(method, path) for method, path, _ in everyone_above}


async def test_an_empresa_admin_gets_403_exactly_on_the_platform_routes(app, client):
    owner = await signup(client, "dono")  # the first account: admin and platform administrator
    admin = await signup(client, "chefe")
    promoted = await client.patch("/usuarios/2", json={"papel": "admin"}, headers=owner)
    assert promoted.json()["papel"] == "admin"
    assert promoted.json()["superadmin"] is False
    forbidden = set()
    for method, path in _operations(app):
        # Its own account (2) as the target: the platform administrator's (1) is off limits.
        concrete = re.sub(r"\{[^}]+\}", "2", path)
        response = await client.request(method, concrete, json={}, headers=admin)
        if response.status_code == 403:
            forbidden.add((method, path))
    assert forbidden == {(method, path) for method, path, _ in SUPERADMIN_ROUTES}
    refused = await client.patch("/usuarios/1", json={"ativo": False}, headers=admin)
    assert refused.status_code == 403
    assert (
        refused.json()["detail"] == "Apenas o administrador da plataforma pode alterar esta conta"
    )
    refused = await client.get("/empresas/", headers=admin)
    detail = "Apenas o administrador da plataforma pode gerenciar empresas"
    assert refused.json()["detail"] == detail


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_ROUTES)
async def test_admin_routes_refuse_atendente_and_anonymous(client, method, path, body):
    await signup(client, "chefe")
    atendente = await signup(client, "ana")
    url = path.format(
        usuario_id=1,
        equipe_id=1,
        prioridade="alta",
        etiqueta_id=1,
        resposta_id=1,
        nome="geral",
        canal_id=1,
        webhook_id=1,
        entrega_id=1,
        plano_id=1,
        contrato_id=1,
        fatura_id=1,
        artigo_id=1,
    )
    forbidden = await client.request(method, url, json=body, headers=atendente)
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "Apenas administradores podem fazer isso"
    anonymous = await client.request(method, url, json=body)
    assert anonymous.status_code == 401


async def test_admin_lists_accounts_in_creation_order_with_pagination(client):
    admin = await signup(client, "chefe")
    for name in ("ana", "bia", "caio"):
        await signup(client, name)
    response = await client.get("/usuarios/", headers=admin)
    assert response.status_code == 200
    body = response.json()
    assert [u["username"] for u in body] == ["chefe", "ana", "bia", "caio"]
    assert body[0]["papel"] == "admin"
    assert all("hashed_password" not in u for u in body)
    page = await client.get("/usuarios/?skip=1&limit=2", headers=admin)
    assert [u["username"] for u in page.json()] == ["ana", "bia"]


async def test_admin_promotes_and_demotes(client, db):
    admin = await signup(client, "chefe")
    await signup(client, "ana")
    promoted = await client.patch("/usuarios/2", json={"papel": "admin"}, headers=admin)
    assert promoted.status_code == 200
    assert promoted.json()["papel"] == "admin"
    assert promoted.json()["ativo"] is True
    demoted = await client.patch("/usuarios/2", json={"papel": "atendente"}, headers=admin)
    assert demoted.json()["papel"] == "atendente"
    db.expire_all()
    assert await db.scalar(select(Usuario.papel).where(Usuario.id == 2)) == Papel.ATENDENTE


async def test_deactivated_account_loses_its_token_and_login_at_once(client):
    admin = await signup(client, "chefe")
    ana = await signup(client, "ana")
    assert (await client.get("/clientes/", headers=ana)).status_code == 200

    response = await client.patch("/usuarios/2", json={"ativo": False}, headers=admin)
    assert response.status_code == 200
    assert response.json()["ativo"] is False

    for url in ("/clientes/", "/auth/me", "/metricas/"):
        refused = await client.get(url, headers=ana)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"] == "Bearer"
    login = await client.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
    assert login.status_code == 401
    assert login.json()["detail"] == "Incorrect username or password"

    # Reactivated, the account signs in again; the tokens it had before stay dead.
    await client.patch("/usuarios/2", json={"ativo": True}, headers=admin)
    assert (await client.get("/clientes/", headers=ana)).status_code == 401
    login = await client.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
    assert login.status_code == 200


async def test_demoted_admin_loses_admin_routes_at_once(client):
    dono = await signup(client, "dono")  # the first account: also the platform administrator
    chefe = await signup(client, "chefe")
    await client.patch("/usuarios/2", json={"papel": "admin"}, headers=dono)
    assert (await client.get("/usuarios/", headers=chefe)).status_code == 200
    await client.patch("/usuarios/2", json={"papel": "atendente"}, headers=chefe)
    assert (await client.get("/usuarios/", headers=chefe)).status_code == 403


@pytest.mark.parametrize("change", [{"papel": "atendente"}, {"ativo": False}])
async def test_last_active_admin_cannot_be_demoted_or_deactivated(client, change):
    admin = await signup(client, "chefe")
    response = await client.patch("/usuarios/1", json=change, headers=admin)
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"
    assert (await client.get("/usuarios/", headers=admin)).status_code == 200


@pytest.mark.parametrize(
    ("url", "body", "status"),
    [
        ("/usuarios/99", {"ativo": False}, 404),
        ("/usuarios/0", {"ativo": False}, 422),
        ("/usuarios/99999999999", {"ativo": False}, 422),
        ("/usuarios/1", {"papel": "dono"}, 422),
        ("/usuarios/1", {"senha": "x"}, 422),
        ("/usuarios/1", {"ativo": "talvez"}, 422),
    ],
)
async def test_patch_rejects_bad_input(client, url, body, status):
    admin = await signup(client, "chefe")
    response = await client.patch(url, json=body, headers=admin)
    assert response.status_code == status, response.text
    assert {"detail", "code", "request_id"} <= response.json().keys()


async def test_empty_patch_changes_nothing(client):
    admin = await signup(client, "chefe")
    response = await client.patch("/usuarios/1", json={}, headers=admin)
    assert response.status_code == 200
    assert response.json()["papel"] == "admin"


@pytest.mark.parametrize("value", [0, 1, "false", "sim"])
async def test_ativo_must_be_a_json_boolean(client, value):
    admin = await signup(client, "chefe")
    await signup(client, "ana")
    response = await client.patch("/usuarios/2", json={"ativo": value}, headers=admin)
    assert response.status_code == 422
