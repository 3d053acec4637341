"""Equipes: admins group their empresa's operators into teams that take given intents."""

from tests.empresas.test_empresas import NOVA, login
from tests.factories import signup


async def _time(client):
    """An admin (id 1) and two atendentes (2, 3) of the default empresa."""
    admin = await signup(client, "chefe")
    await signup(client, "ana")
    await signup(client, "bia")
    return admin


async def test_admin_creates_lists_updates_and_deletes_a_team(client):
    admin = await _time(client)
    body = {
        "nome": "Financeiro",
        "membros": [2, 3],
        "lideres": [2],
        "intencoes": ["documento", "gerenciamento_plano"],
    }
    created = await client.post("/equipes/", json=body, headers=admin)
    assert created.status_code == 201, created.text
    equipe = created.json()
    assert equipe["nome"] == "Financeiro"
    assert equipe["intencoes"] == ["documento", "gerenciamento_plano"]
    assert equipe["membros"] == [
        {"usuario_id": 2, "username": "ana", "lider": True},
        {"usuario_id": 3, "username": "bia", "lider": False},
    ]
    assert (await client.get("/equipes/", headers=admin)).json() == [equipe]
    assert (await client.get(f"/equipes/{equipe['id']}", headers=admin)).json() == equipe

    changed = await client.patch(
        f"/equipes/{equipe['id']}", json={"nome": "Cobrança", "lideres": [3]}, headers=admin
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["nome"] == "Cobrança"
    assert [(m["usuario_id"], m["lider"]) for m in changed.json()["membros"]] == [
        (2, False),
        (3, True),
    ]
    replaced = await client.patch(f"/equipes/{equipe['id']}", json={"membros": [3]}, headers=admin)
    assert [m["usuario_id"] for m in replaced.json()["membros"]] == [3]

    assert (await client.delete(f"/equipes/{equipe['id']}", headers=admin)).status_code == 204
    assert (await client.get(f"/equipes/{equipe['id']}", headers=admin)).status_code == 404


async def test_atendentes_read_teams_but_only_admins_change_them(client):
    admin = await _time(client)
    ana = await login(client, "ana")
    created = await client.post("/equipes/", json={"nome": "Suporte"}, headers=admin)
    equipe_id = created.json()["id"]
    assert (await client.get("/equipes/", headers=ana)).status_code == 200
    for method, url, body in (
        ("POST", "/equipes/", {"nome": "Outra"}),
        ("PATCH", f"/equipes/{equipe_id}", {"nome": "X"}),
        ("DELETE", f"/equipes/{equipe_id}", None),
    ):
        response = await client.request(method, url, json=body, headers=ana)
        assert response.status_code == 403, (method, url)


async def test_bad_teams_get_clear_pt_br_answers(client):
    admin = await _time(client)
    await client.post(
        "/equipes/", json={"nome": "Financeiro", "intencoes": ["documento"]}, headers=admin
    )
    cases = [
        ({"nome": "financeiro"}, 409, "Já existe uma equipe com esse nome nesta empresa"),
        (
            {"nome": "Outra", "intencoes": ["documento"]},
            409,
            "A intenção 'documento' já é atendida pela equipe 'Financeiro'",
        ),
        (
            {"nome": "Outra", "intencoes": ["astrologia"]},
            404,
            "intencoes: fora do catálogo da triagem: astrologia",
        ),
        (
            {"nome": "Outra", "membros": [2, 99]},
            404,
            "membros: usuários inexistentes nesta empresa: 99",
        ),
    ]
    for body, status, detail in cases:
        response = await client.post("/equipes/", json=body, headers=admin)
        assert (response.status_code, response.json()["detail"]) == (status, detail), body
    repeated = await client.post("/equipes/", json={"nome": "O", "membros": [2, 2]}, headers=admin)
    assert repeated.status_code == 422
    assert repeated.json()["erros"][0]["mensagem"] == "membros: itens repetidos"
    # A lead is a member: one not listed in membros joins the team.
    led = await client.post(
        "/equipes/", json={"nome": "Outra", "membros": [2], "lideres": [3]}, headers=admin
    )
    assert [(m["usuario_id"], m["lider"]) for m in led.json()["membros"]] == [(2, False), (3, True)]


async def test_an_operator_of_another_empresa_cannot_join_a_team(client):
    dono = await signup(client, "dono")
    await client.post("/empresas/", json=NOVA, headers=dono)
    admin_loja = await login(client, "admin.loja", "senha-da-loja")
    loja_admin_id = (await client.get("/auth/me", headers=admin_loja)).json()["id"]
    response = await client.post(
        "/equipes/", json={"nome": "Suporte", "membros": [loja_admin_id]}, headers=dono
    )
    assert response.status_code == 404
    assert (
        response.json()["detail"]
        == f"membros: usuários inexistentes nesta empresa: {loja_admin_id}"
    )


async def test_an_intent_name_out_of_format_is_a_pt_br_422(client):
    admin = await _time(client)
    response = await client.post(
        "/equipes/", json={"nome": "X", "intencoes": ["Documento"]}, headers=admin
    )
    assert response.status_code == 422
    erro = response.json()["erros"][0]
    assert erro["campo"] == "intencoes.0"
    assert "should" not in erro["mensagem"]
    assert "match" not in erro["mensagem"]
