"""Empresas: the platform administrator manages them; operators see only their own."""

from sqlalchemy import select

from src.models import Chamado, Cliente, Usuario
from tests.factories import DEFAULT_PASSWORD, create_chamado, create_cliente, signup

NOVA = {
    "nome": "Loja Centro",
    "slug": "loja-centro",
    "admin": {"username": "admin.loja", "email": "admin@loja.com.br", "password": "senha-da-loja"},
}


async def login(client, username: str, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    form = {"username": username, "password": password}
    response = await client.post("/auth/login", data=form)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_fresh_install_has_the_default_empresa_and_the_first_account_runs_it(client):
    owner = await signup(client, "dono")
    me = (await client.get("/auth/me", headers=owner)).json()
    assert me["papel"] == "admin"
    assert me["superadmin"] is True
    atual = await client.get("/empresas/atual", headers=owner)
    assert atual.status_code == 200
    assert atual.json()["nome"] == "Minha Empresa"
    assert atual.json()["slug"] == "padrao"
    assert me["empresa_id"] == atual.json()["id"]
    # Public sign-up joins the same empresa, as an atendente and never a platform admin.
    ana = await signup(client, "ana")
    ana_me = (await client.get("/auth/me", headers=ana)).json()
    assert (ana_me["empresa_id"], ana_me["papel"], ana_me["superadmin"]) == (
        me["empresa_id"],
        "atendente",
        False,
    )


async def test_superadmin_creates_an_empresa_with_its_first_admin(client, db):
    owner = await signup(client, "dono")
    response = await client.post("/empresas/", json=NOVA, headers=owner)
    assert response.status_code == 201, response.text
    empresa = response.json()
    assert (empresa["nome"], empresa["slug"], empresa["ativa"]) == (
        "Loja Centro",
        "loja-centro",
        True,
    )

    admin = await login(client, "admin.loja", "senha-da-loja")
    me = (await client.get("/auth/me", headers=admin)).json()
    assert (me["empresa_id"], me["papel"], me["superadmin"]) == (empresa["id"], "admin", False)
    assert (await client.get("/empresas/atual", headers=admin)).json() == empresa

    listed = (await client.get("/empresas/", headers=owner)).json()
    assert [e["slug"] for e in listed] == ["padrao", "loja-centro"]
    assert (await client.get(f"/empresas/{empresa['id']}", headers=owner)).json() == empresa


async def test_empresa_and_admin_are_created_together_or_not_at_all(client, db):
    owner = await signup(client, "dono")
    taken = {**NOVA, "admin": {**NOVA["admin"], "username": "dono"}}
    response = await client.post("/empresas/", json=taken, headers=owner)
    assert response.status_code == 409
    assert response.json()["detail"] == "Já existe uma conta com esse nome de usuário"
    listed = (await client.get("/empresas/", headers=owner)).json()
    assert [e["slug"] for e in listed] == ["padrao"]


async def test_slug_is_unique_and_well_formed(client):
    owner = await signup(client, "dono")
    assert (await client.post("/empresas/", json=NOVA, headers=owner)).status_code == 201
    again = await client.post(
        "/empresas/", json={"nome": "Outra", "slug": "loja-centro"}, headers=owner
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Já existe uma empresa com esse slug"
    for slug in ("Loja", "loja centro", "-loja", "loja--x", "ção", ""):
        bad = await client.post("/empresas/", json={"nome": "X", "slug": slug}, headers=owner)
        assert bad.status_code == 422, slug


async def test_admin_creates_operators_only_in_its_own_empresa(client, db):
    owner = await signup(client, "dono")
    await client.post("/empresas/", json=NOVA, headers=owner)
    admin = await login(client, "admin.loja", "senha-da-loja")
    body = {"username": "bia", "email": "bia@loja.com.br", "password": "senha-da-bia"}
    created = await client.post("/usuarios/", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["papel"] == "atendente"
    empresa_id = (await client.get("/empresas/atual", headers=admin)).json()["id"]
    assert created.json()["empresa_id"] == empresa_id
    # Each admin lists only its own empresa's accounts.
    listed = (await client.get("/usuarios/", headers=admin)).json()
    assert [u["username"] for u in listed] == ["admin.loja", "bia"]
    listed = (await client.get("/usuarios/", headers=owner)).json()
    assert [u["username"] for u in listed] == ["dono"]
    # The username is unique in the whole installation: login asks for nothing else.
    clash = await client.post("/usuarios/", json={**body, "username": "dono"}, headers=admin)
    assert clash.status_code == 409
    assert clash.json()["code"] == "username_taken"
    clash = await client.post("/usuarios/", json={**body, "username": "bia2"}, headers=admin)
    assert (clash.status_code, clash.json()["detail"]) == (
        409,
        "Já existe uma conta com esse e-mail",
    )


async def test_customer_emails_are_unique_per_empresa_only(client):
    owner = await signup(client, "dono")
    await client.post("/empresas/", json=NOVA, headers=owner)
    admin = await login(client, "admin.loja", "senha-da-loja")
    await create_cliente(client, owner, email="maria@exemplo.com.br")
    await create_cliente(client, admin, email="maria@exemplo.com.br")  # another empresa: fine
    again = await client.post(
        "/clientes/", json={"nome": "Maria", "email": "maria@exemplo.com.br"}, headers=admin
    )
    assert again.status_code == 400


async def test_deactivated_empresa_loses_every_token_at_once_and_others_keep_working(client, db):
    owner = await signup(client, "dono")
    empresa = (await client.post("/empresas/", json=NOVA, headers=owner)).json()
    admin = await login(client, "admin.loja", "senha-da-loja")
    body = {"username": "bia", "email": "bia@loja.com.br", "password": "senha-da-bia"}
    await client.post("/usuarios/", json=body, headers=admin)
    bia = await login(client, "bia", "senha-da-bia")
    cliente = await create_cliente(client, admin)
    assert (await client.get("/clientes/", headers=bia)).status_code == 200

    off = await client.patch(f"/empresas/{empresa['id']}", json={"ativa": False}, headers=owner)
    assert off.status_code == 200
    assert off.json()["ativa"] is False
    for headers in (admin, bia):
        for url in ("/auth/me", "/clientes/", f"/clientes/{cliente['id']}", "/metricas/"):
            refused = await client.get(url, headers=headers)
            assert refused.status_code == 401, url
            assert refused.headers["WWW-Authenticate"] == "Bearer"
    refused_login = await client.post(
        "/auth/login", data={"username": "bia", "password": "senha-da-bia"}
    )
    assert refused_login.status_code == 401
    # The rest of the installation is untouched.
    assert (await client.get("/clientes/", headers=owner)).status_code == 200
    # Reactivated: people sign in again; tokens from before the deactivation stay dead.
    on = await client.patch(f"/empresas/{empresa['id']}", json={"ativa": True}, headers=owner)
    assert on.json()["ativa"] is True
    assert (await client.get("/auth/me", headers=bia)).status_code == 401
    bia = await login(client, "bia", "senha-da-bia")
    assert (await client.get("/clientes/", headers=bia)).json()[0]["id"] == cliente["id"]


async def test_the_default_empresa_cannot_be_deactivated_but_can_be_renamed(client):
    owner = await signup(client, "dono")
    padrao = (await client.get("/empresas/atual", headers=owner)).json()
    refused = await client.patch(f"/empresas/{padrao['id']}", json={"ativa": False}, headers=owner)
    assert refused.status_code == 409
    assert refused.json()["code"] == "empresa_padrao"
    renamed = await client.patch(
        f"/empresas/{padrao['id']}", json={"nome": "Atendimento Geral"}, headers=owner
    )
    assert renamed.json()["nome"] == "Atendimento Geral"
    assert (await client.get("/auth/me", headers=owner)).status_code == 200


async def test_unknown_empresa_is_404_for_the_superadmin(client):
    owner = await signup(client, "dono")
    for method, body in (("GET", None), ("PATCH", {"nome": "X"})):
        response = await client.request(method, "/empresas/999", json=body, headers=owner)
        assert response.status_code == 404
        assert response.json()["detail"] == "Empresa não encontrada"


async def test_rows_written_through_the_api_carry_the_callers_empresa(client, db):
    owner = await signup(client, "dono")
    empresa = (await client.post("/empresas/", json=NOVA, headers=owner)).json()
    admin = await login(client, "admin.loja", "senha-da-loja")
    cliente = await create_cliente(client, admin)
    chamado = await create_chamado(client, admin, cliente["id"])
    assert (
        await db.scalar(select(Cliente.empresa_id).where(Cliente.id == cliente["id"]))
        == (empresa["id"])
    )
    stored = await db.scalar(select(Chamado.empresa_id).where(Chamado.id == chamado["chamado_id"]))
    assert stored == empresa["id"]
    user = await db.scalar(select(Usuario).where(Usuario.username == "admin.loja"))
    assert user.empresa_id == empresa["id"]


async def test_one_busy_empresa_uses_up_its_own_budget_not_the_others(make_client):
    client = await make_client(rate_limit_empresa="6/minute", rate_limit_default="100/minute")
    dono = await signup(client, "dono")
    ana = await signup(client, "ana")  # same empresa, another account
    assert (await client.post("/empresas/", json=NOVA, headers=dono)).status_code == 201  # 1
    admin_b = await login(client, "admin.loja", "senha-da-loja")
    for headers in (dono, ana, dono, ana, dono):  # 2..6: the empresa's whole budget
        assert (await client.get("/clientes/", headers=headers)).status_code == 200
    refused = await client.get("/clientes/", headers=ana)
    assert refused.status_code == 429
    assert refused.json()["code"] == "empresa_rate_limited"
    assert int(refused.headers["Retry-After"]) >= 1
    # Each account still has most of its own budget; the other empresa is not affected at all.
    assert (await client.get("/clientes/", headers=admin_b)).status_code == 200


async def test_an_operator_e_mail_of_another_empresa_is_not_revealed(client):
    owner = await signup(client, "dono")  # dono@empresa.com.br, in the default empresa
    await client.post("/empresas/", json=NOVA, headers=owner)
    admin = await login(client, "admin.loja", "senha-da-loja")
    body = {"username": "outro.dono", "email": "DONO@empresa.com.br", "password": "senha-outra-1"}
    created = await client.post("/usuarios/", json=body, headers=admin)
    assert created.status_code == 201, created.text


async def test_an_empresa_admin_configures_the_reopen_window(client):
    admin = await signup(client, "admin.janela")
    atendente = await signup(client, "atendente.janela")
    assert (await client.get("/empresas/atual", headers=admin)).json()[
        "janela_reabertura_dias"
    ] == 7
    response = await client.patch(
        "/empresas/atual", json={"janela_reabertura_dias": 2}, headers=admin
    )
    assert response.status_code == 200
    assert (await client.get("/empresas/atual", headers=atendente)).json()[
        "janela_reabertura_dias"
    ] == 2
    forbidden = await client.patch(
        "/empresas/atual", json={"janela_reabertura_dias": 30}, headers=atendente
    )
    assert forbidden.status_code == 403
    for value in (-1, 366, "sete"):
        bad = await client.patch(
            "/empresas/atual", json={"janela_reabertura_dias": value}, headers=admin
        )
        assert bad.status_code == 422
    assert (await client.get("/empresas/atual", headers=admin)).json()[
        "janela_reabertura_dias"
    ] == 2
