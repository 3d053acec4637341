"""Labels: the empresa's vocabulary (admins), put on tickets by any operator, filtered on."""

import pytest

from tests.factories import create_chamado, create_cliente, signup


@pytest.fixture
async def desk(client):
    admin = await signup(client, "chefe")
    ana = await signup(client, "ana")
    cliente = await create_cliente(client, admin)
    for nome in ("cliente-vip", "reincidente"):
        created = await client.post("/etiquetas/", json={"nome": nome}, headers=admin)
        assert created.status_code == 201, created.text
    return {"admin": admin, "ana": ana, "cliente": cliente["id"]}


async def _etiquetar(client, headers, chamado_id, etiquetas):
    return await client.put(
        f"/chamados/{chamado_id}/etiquetas", json={"etiquetas": etiquetas}, headers=headers
    )


async def test_labels_go_on_tickets_in_history_and_filter_lists(client, desk):
    um = await create_chamado(client, desk["ana"], desk["cliente"])
    dois = await create_chamado(client, desk["ana"], desk["cliente"])
    response = await _etiquetar(client, desk["ana"], um["chamado_id"], ["cliente-vip"])
    assert response.status_code == 200
    assert response.json()["etiquetas"] == ["cliente-vip"]
    await _etiquetar(client, desk["ana"], dois["chamado_id"], ["reincidente", "cliente-vip"])
    await _etiquetar(client, desk["ana"], um["chamado_id"], ["reincidente"])

    def ids(response):
        return [c["id"] for c in response.json()]

    vip = await client.get("/chamados/", params={"etiqueta": "cliente-vip"}, headers=desk["ana"])
    assert ids(vip) == [dois["chamado_id"]]
    params = {"etiqueta": "reincidente", "status_filtro": "aberto"}
    reinc = await client.get("/chamados/", params=params, headers=desk["ana"])
    assert sorted(ids(reinc)) == sorted([um["chamado_id"], dois["chamado_id"]])
    nenhum = await client.get("/chamados/", params={"etiqueta": "nao-existe"}, headers=desk["ana"])
    assert nenhum.json() == []

    eventos = await client.get(f"/chamados/{um['chamado_id']}/eventos", headers=desk["ana"])
    linhas = [e["dados"] for e in eventos.json() if e["tipo"] == "etiquetas"]
    assert linhas == [
        {"adicionadas": ["cliente-vip"], "removidas": []},
        {"adicionadas": ["reincidente"], "removidas": ["cliente-vip"]},
    ]


async def test_unknown_label_is_404_and_changes_nothing(client, desk):
    chamado = await create_chamado(client, desk["ana"], desk["cliente"])
    response = await _etiquetar(client, desk["ana"], chamado["chamado_id"], ["vip", "cliente-vip"])
    assert response.status_code == 404
    assert response.json()["code"] == "referencia_inexistente"
    assert "vip" in response.json()["detail"]
    depois = await client.get(f"/chamados/{chamado['chamado_id']}", headers=desk["ana"])
    assert depois.json()["etiquetas"] == []


async def test_vocabulary_is_admin_managed_and_deleting_takes_labels_off(client, desk):
    assert (
        await client.post("/etiquetas/", json={"nome": "nova"}, headers=desk["ana"])
    ).status_code == 403
    repetida = await client.post("/etiquetas/", json={"nome": "reincidente"}, headers=desk["admin"])
    assert repetida.status_code == 409
    for bad in ({"nome": "Com Espaço"}, {"nome": ""}, {"nome": "x", "cor": "vermelho"}):
        assert (
            await client.post("/etiquetas/", json=bad, headers=desk["admin"])
        ).status_code == 422
    todas = (await client.get("/etiquetas/", headers=desk["ana"])).json()
    assert [e["nome"] for e in todas] == ["cliente-vip", "reincidente"]

    chamado = await create_chamado(client, desk["ana"], desk["cliente"])
    await _etiquetar(client, desk["ana"], chamado["chamado_id"], ["cliente-vip", "reincidente"])
    vip = next(e for e in todas if e["nome"] == "cliente-vip")
    apagada = await client.delete(f"/etiquetas/{vip['id']}", headers=desk["admin"])
    assert apagada.status_code == 204
    depois = await client.get(f"/chamados/{chamado['chamado_id']}", headers=desk["ana"])
    assert depois.json()["etiquetas"] == ["reincidente"]
    assert (
        await client.delete(f"/etiquetas/{vip['id']}", headers=desk["admin"])
    ).status_code == 404
