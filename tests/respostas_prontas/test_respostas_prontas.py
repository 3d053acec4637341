"""Canned answers: written by admins, listed and filled in for a ticket by operators."""

from tests.factories import create_chamado, create_cliente, signup

TEXTO = (
    "Olá, {{cliente.nome}}! Sou {{ atendente.nome }} da {{empresa.nome}} (chamado {{chamado.id}})."
)


async def test_fill_in_for_a_ticket(client):
    admin = await signup(client, "chefe")
    ana = await signup(client, "ana")
    cliente = await create_cliente(client, admin, nome="Maria Souza")
    chamado = await create_chamado(client, ana, cliente["id"])
    created = await client.post(
        "/respostas-prontas/", json={"titulo": "Saudação", "texto": TEXTO}, headers=admin
    )
    assert created.status_code == 201, created.text
    assert created.json()["desconhecidos"] == []
    listed = (await client.get("/respostas-prontas/", headers=ana)).json()
    assert [r["titulo"] for r in listed] == ["Saudação"]

    preenchida = await client.get(
        f"/respostas-prontas/{created.json()['id']}/preenchida",
        params={"chamado_id": chamado["chamado_id"]},
        headers=ana,
    )
    assert preenchida.status_code == 200
    assert preenchida.json()["texto"] == (
        f"Olá, Maria Souza! Sou ana da Minha Empresa (chamado {chamado['chamado_id']})."
    )


async def test_unknown_markers_are_listed_and_kept(client):
    admin = await signup(client, "chefe")
    created = await client.post(
        "/respostas-prontas/",
        json={"titulo": "Typo", "texto": "Oi {{cliente.nomee}} {{cliente.nome}}"},
        headers=admin,
    )
    assert created.json()["desconhecidos"] == ["cliente.nomee"]


async def test_admin_only_writes_and_clear_errors(client):
    admin = await signup(client, "chefe")
    ana = await signup(client, "ana")
    body = {"titulo": "Fatura", "texto": "Reenviamos a fatura."}
    assert (await client.post("/respostas-prontas/", json=body, headers=ana)).status_code == 403
    created = await client.post("/respostas-prontas/", json=body, headers=admin)
    assert (await client.post("/respostas-prontas/", json=body, headers=admin)).status_code == 409
    url = f"/respostas-prontas/{created.json()['id']}"
    changed = await client.patch(url, json={"texto": "Fatura reenviada."}, headers=admin)
    assert changed.json()["texto"] == "Fatura reenviada."
    for bad in ({"titulo": "", "texto": "x"}, {"titulo": "t", "texto": "x" * 5001}):
        assert (
            await client.post("/respostas-prontas/", json=bad, headers=admin)
        ).status_code == 422
    missing = await client.get(f"{url}/preenchida", params={"chamado_id": 999_999}, headers=ana)
    assert missing.status_code == 404
    assert (await client.delete(url, headers=admin)).status_code == 204
    assert (await client.delete(url, headers=admin)).status_code == 404


async def test_a_canned_answer_names_the_whatsapp_template_for_outside_the_window(client):
    admin = await signup(client, "chefe")
    cliente = await create_cliente(client, admin)
    chamado = await create_chamado(client, admin, cliente["id"])
    body = {
        "titulo": "Retomar",
        "texto": "Oi {{cliente.nome}}, podemos continuar?",
        "modelo_whatsapp": "retomar_conversa",
        "modelo_idioma": "pt_BR",
    }
    created = await client.post("/respostas-prontas/", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["modelo_whatsapp"] == "retomar_conversa"
    preenchida = await client.get(
        f"/respostas-prontas/{created.json()['id']}/preenchida",
        params={"chamado_id": chamado["chamado_id"]},
        headers=admin,
    )
    assert (preenchida.json()["modelo_whatsapp"], preenchida.json()["modelo_idioma"]) == (
        "retomar_conversa",
        "pt_BR",
    )
    ruim = await client.patch(
        f"/respostas-prontas/{created.json()['id']}",
        json={"modelo_whatsapp": "Nome Com Espaço"},
        headers=admin,
    )
    assert ruim.status_code == 422
