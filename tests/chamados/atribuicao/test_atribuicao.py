"""Queues and assignment with several operators: availability, capacity, least-loaded first,
round-robin ties, waiting tickets, hand transfers."""

import asyncio

import pytest

from tests.factories import create_chamado, create_cliente, signup

ERRO = "meu sistema está com erro grave"  # problema_tecnico: Suporte Técnico by default


@pytest.fixture
async def desk(client):
    admin = await signup(client, "chefe")
    ops = {name: await signup(client, name) for name in ("ana", "bia", "caio")}
    ids = {name: (await client.get("/auth/me", headers=h)).json()["id"] for name, h in ops.items()}
    # Named like the catalog's default team for problema_tecnico: no intent listed on purpose.
    suporte = await client.post(
        "/equipes/",
        json={"nome": "suporte técnico", "membros": [ids["ana"], ids["bia"]]},
        headers=admin,
    )
    assert suporte.status_code == 201, suporte.text
    cliente = await create_cliente(client, admin)
    return {
        "admin": admin,
        "ops": ops,
        "ids": ids,
        "suporte": suporte.json()["id"],
        "cliente": cliente["id"],
    }


async def _online(client, headers, status="online"):
    response = await client.put(
        "/usuarios/me/disponibilidade", json={"status": status}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _novo(client, desk, mensagem=ERRO):
    criado = await create_chamado(client, desk["admin"], desk["cliente"], mensagem)
    response = await client.get(f"/chamados/{criado['chamado_id']}", headers=desk["admin"])
    return response.json()


async def _ids(client, headers, **params):
    response = await client.get("/chamados/", params={"limit": 100, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()]


async def test_waiting_ticket_goes_to_the_first_operator_who_comes_online(client, desk):
    chamado = await _novo(client, desk)
    assert chamado["equipe_id"] == desk["suporte"]
    assert chamado["atendente_id"] is None
    assert await _ids(client, desk["admin"], sem_atendente=True) == [chamado["id"]]

    disponibilidade = await _online(client, desk["ops"]["ana"])
    assert disponibilidade["chamados_em_aberto"] == 1
    depois = await client.get(f"/chamados/{chamado['id']}", headers=desk["admin"])
    assert depois.json()["atendente_id"] == desk["ids"]["ana"]
    assert await _ids(client, desk["ops"]["ana"], atendente_id="me") == [chamado["id"]]
    assert await _ids(client, desk["admin"], sem_atendente=True) == []
    eventos = await client.get(f"/chamados/{chamado['id']}/eventos", headers=desk["admin"])
    tipos = [(e["tipo"], e["dados"].get("motivo")) for e in eventos.json()]
    assert ("transferido", "automatica") in tipos
    assert ("atribuido", "automatica") in tipos


async def test_least_loaded_first_and_ties_round_robin(client, desk):
    ana, bia = desk["ids"]["ana"], desk["ids"]["bia"]
    await _online(client, desk["ops"]["ana"])
    primeiro = await _novo(client, desk)
    assert primeiro["atendente_id"] == ana
    await _online(client, desk["ops"]["bia"])
    # Bia holds none: she gets the next; then both hold one and Ana waited longer.
    assert (await _novo(client, desk))["atendente_id"] == bia
    assert (await _novo(client, desk))["atendente_id"] == ana
    assert (await _novo(client, desk))["atendente_id"] == bia
    # Caio is online but not in the team: team tickets never reach him.
    await _online(client, desk["ops"]["caio"])
    assert (await _novo(client, desk))["atendente_id"] in {ana, bia}


async def test_capacity_makes_tickets_wait_until_a_slot_frees(client, desk):
    ana = desk["ids"]["ana"]
    limite = await client.patch(f"/usuarios/{ana}", json={"capacidade": 1}, headers=desk["admin"])
    assert limite.status_code == 200
    assert limite.json()["capacidade"] == 1
    await _online(client, desk["ops"]["ana"])
    primeiro = await _novo(client, desk)
    segundo = await _novo(client, desk)
    assert primeiro["atendente_id"] == ana
    assert segundo["atendente_id"] is None

    resolvido = await client.patch(
        f"/chamados/{primeiro['id']}", json={"status": "resolvido"}, headers=desk["ops"]["ana"]
    )
    assert resolvido.status_code == 200
    depois = await client.get(f"/chamados/{segundo['id']}", headers=desk["admin"])
    assert depois.json()["atendente_id"] == ana

    # A bigger capacity takes the waiting ones at once.
    terceiro = await _novo(client, desk)
    assert terceiro["atendente_id"] is None
    await client.patch(f"/usuarios/{ana}", json={"capacidade": 5}, headers=desk["admin"])
    depois = await client.get(f"/chamados/{terceiro['id']}", headers=desk["admin"])
    assert depois.json()["atendente_id"] == ana


async def test_away_operators_get_nothing_and_keep_what_they_have(client, desk):
    ana = desk["ids"]["ana"]
    await _online(client, desk["ops"]["ana"])
    meu = await _novo(client, desk)
    assert (await _online(client, desk["ops"]["ana"], "ausente"))["chamados_em_aberto"] == 1
    assert (await _novo(client, desk))["atendente_id"] is None
    assert await _ids(client, desk["ops"]["ana"], atendente_id="me") == [meu["id"]]
    me = await client.get("/usuarios/me/disponibilidade", headers=desk["ops"]["ana"])
    assert me.json() == {
        "usuario_id": ana, "status": "ausente", "capacidade": 10, "chamados_em_aberto": 1,
    }  # fmt: skip


async def test_general_queue_tickets_go_to_anyone_online(client, desk):
    await _online(client, desk["ops"]["caio"])
    reclamacao = await _novo(client, desk, "quero falar com um atendente humano")
    assert reclamacao["equipe_id"] is None
    assert reclamacao["atendente_id"] == desk["ids"]["caio"]


async def test_reopened_ticket_returns_to_its_operator(client, desk):
    await _online(client, desk["ops"]["ana"])
    chamado = await _novo(client, desk)
    url = f"/chamados/{chamado['id']}"
    await client.patch(url, json={"status": "resolvido"}, headers=desk["ops"]["ana"])
    await client.post(
        f"{url}/mensagens",
        json={"mensagem": "voltou a dar erro", "remetente": "cliente"},
        headers=desk["admin"],
    )
    depois = (await client.get(url, headers=desk["admin"])).json()
    assert (depois["status"], depois["atendente_id"]) == ("aberto", desk["ids"]["ana"])


async def test_hand_assignment_and_transfer(client, desk):
    ids, admin = desk["ids"], desk["admin"]
    comercial = await client.post(
        "/equipes/", json={"nome": "Comercial", "membros": [ids["caio"]]}, headers=admin
    )
    chamado = await _novo(client, desk)
    url = f"/chamados/{chamado['id']}/atribuicao"

    fora = await client.post(url, json={"atendente_id": ids["caio"]}, headers=admin)
    assert fora.status_code == 409
    assert fora.json()["code"] == "atendente_fora_da_equipe"
    mine = await client.post(url, json={"atendente_id": ids["bia"]}, headers=desk["ops"]["ana"])
    assert mine.status_code == 200
    assert mine.json()["atendente_id"] == ids["bia"]

    # To another team, nobody online there: it waits in that team's queue.
    transfer = await client.post(url, json={"equipe_id": comercial.json()["id"]}, headers=admin)
    assert transfer.status_code == 200
    assert (transfer.json()["equipe_id"], transfer.json()["atendente_id"]) == (
        comercial.json()["id"],
        None,
    )
    assert await _ids(client, admin, equipe_id=comercial.json()["id"]) == [chamado["id"]]
    await _online(client, desk["ops"]["caio"])
    depois = await client.get(f"/chamados/{chamado['id']}", headers=admin)
    assert depois.json()["atendente_id"] == ids["caio"]

    eventos = await client.get(f"/chamados/{chamado['id']}/eventos", headers=admin)
    manuais = [
        (e["tipo"], e["usuario_id"]) for e in eventos.json() if e["dados"].get("motivo") == "manual"
    ]
    admin_id = (await client.get("/auth/me", headers=admin)).json()["id"]
    assert manuais == [
        ("atribuido", ids["ana"]), ("transferido", admin_id), ("atribuido", admin_id),
    ]  # fmt: skip


async def test_release_gives_the_ticket_to_someone_else(client, desk):
    ids = desk["ids"]
    await _online(client, desk["ops"]["ana"])
    chamado = await _novo(client, desk)
    assert chamado["atendente_id"] == ids["ana"]
    await _online(client, desk["ops"]["bia"])
    solto = await client.post(
        f"/chamados/{chamado['id']}/atribuicao",
        json={"atendente_id": None},
        headers=desk["ops"]["ana"],
    )
    assert solto.status_code == 200
    assert solto.json()["atendente_id"] == ids["bia"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "atribuicao_vazia"),
        ({"atendente_id": 999_999}, 404, "referencia_inexistente"),
        ({"equipe_id": 999_999}, 404, "equipe_not_found"),
        ({"atendente_id": "1"}, 422, "validation_error"),
        ({"atendente_id": 1, "extra": 1}, 422, "validation_error"),
    ],
)
async def test_bad_assignments_get_a_clear_4xx(client, desk, body, status, code):
    chamado = await _novo(client, desk)
    response = await client.post(
        f"/chamados/{chamado['id']}/atribuicao", json=body, headers=desk["admin"]
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


async def test_deleting_a_team_sends_its_open_tickets_to_the_general_queue(client, desk):
    chamado = await _novo(client, desk)
    apagada = await client.delete(f"/equipes/{desk['suporte']}", headers=desk["admin"])
    assert apagada.status_code == 204
    depois = await client.get(f"/chamados/{chamado['id']}", headers=desk["admin"])
    assert depois.json()["equipe_id"] is None
    eventos = await client.get(f"/chamados/{chamado['id']}/eventos", headers=desk["admin"])
    assert eventos.json()[-1]["tipo"] == "transferido"


async def test_list_filters_by_priority_and_rejects_bad_values(client, desk):
    alta = await _novo(client, desk)
    baixa = await _novo(client, desk, "quero a segunda via do boleto")
    assert await _ids(client, desk["admin"], prioridade="alta") == [alta["id"]]
    assert await _ids(client, desk["admin"], prioridade="baixa") == [baixa["id"]]
    for params in (
        {"atendente_id": "eu"},
        {"atendente_id": "0"},
        {"equipe_id": "x"},
        {"prioridade": "urgente"},
        {"sem_atendente": "talvez"},
    ):
        response = await client.get("/chamados/", params=params, headers=desk["admin"])
        assert response.status_code == 422, params


async def test_concurrent_tickets_never_exceed_an_operators_capacity(client, desk):
    """Many tickets at once, one operator with two free slots: exactly two are theirs, the
    rest wait (PostgreSQL runs these in parallel; the operator's row lock keeps the count)."""
    ana = desk["ids"]["ana"]
    await client.patch(f"/usuarios/{ana}", json={"capacidade": 2}, headers=desk["admin"])
    await _online(client, desk["ops"]["ana"])

    async def abrir():
        body = {"cliente_id": desk["cliente"], "canal": "site", "mensagem": ERRO}
        return await client.post("/chamados/", json=body, headers=desk["admin"])

    responses = await asyncio.gather(*(abrir() for _ in range(12)))
    assert {r.status_code for r in responses} == {201}
    assert len(await _ids(client, desk["admin"], atendente_id=ana)) == 2
    assert len(await _ids(client, desk["admin"], sem_atendente=True)) == 10
    me = await client.get("/usuarios/me/disponibilidade", headers=desk["ops"]["ana"])
    assert me.json()["chamados_em_aberto"] == 2


async def test_deactivating_an_operator_hands_their_open_tickets_to_the_team(client, desk):
    await _online(client, desk["ops"]["ana"])
    chamado = await _novo(client, desk)
    assert chamado["atendente_id"] == desk["ids"]["ana"]
    resolvido = await _novo(client, desk)
    url = f"/chamados/{resolvido['id']}"
    await client.patch(url, json={"status": "resolvido"}, headers=desk["admin"])
    await _online(client, desk["ops"]["bia"])
    desativada = await client.patch(
        f"/usuarios/{desk['ids']['ana']}", json={"ativo": False}, headers=desk["admin"]
    )
    assert desativada.status_code == 200, desativada.text
    depois = (await client.get(f"/chamados/{chamado['id']}", headers=desk["admin"])).json()
    assert depois["atendente_id"] == desk["ids"]["bia"]  # the team's next available operator
    eventos = await client.get(f"/chamados/{chamado['id']}/eventos", headers=desk["admin"])
    assert eventos.json()[-1]["tipo"] == "atribuido"
    # A resolved ticket keeps who resolved it.
    fechado = (await client.get(url, headers=desk["admin"])).json()
    assert fechado["atendente_id"] == desk["ids"]["ana"]


async def test_a_deactivated_operators_tickets_wait_when_nobody_is_free(client, desk):
    await _online(client, desk["ops"]["ana"])
    chamado = await _novo(client, desk)
    await client.patch(
        f"/usuarios/{desk['ids']['ana']}", json={"ativo": False}, headers=desk["admin"]
    )
    depois = (await client.get(f"/chamados/{chamado['id']}", headers=desk["admin"])).json()
    assert (depois["atendente_id"], depois["equipe_id"]) == (None, desk["suporte"])
    await _online(client, desk["ops"]["bia"])  # the next one online takes it
    depois = (await client.get(f"/chamados/{chamado['id']}", headers=desk["admin"])).json()
    assert depois["atendente_id"] == desk["ids"]["bia"]
