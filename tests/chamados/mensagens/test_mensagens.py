"""A ticket's conversation: replies, internal notes, customer follow-ups, reopening."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from src.models import Chamado
from src.models.base import utcnow
from tests.factories import create_chamado, create_cliente, signup


@pytest.fixture
async def operador(client):
    headers = await signup(client)
    cliente = await create_cliente(client, headers)
    return headers, cliente["id"]


async def _post(client, headers, chamado_id, mensagem, **fields):
    return await client.post(
        f"/chamados/{chamado_id}/mensagens", json={"mensagem": mensagem, **fields}, headers=headers
    )


async def _thread(client, headers, chamado_id):
    response = await client.get(f"/chamados/{chamado_id}/mensagens", headers=headers)
    assert response.status_code == 200, response.text
    return [(m["autor_tipo"], m["interna"], m["mensagem"]) for m in response.json()]


async def _chamado(client, headers, chamado_id):
    return (await client.get(f"/chamados/{chamado_id}", headers=headers)).json()


async def _eventos(client, headers, chamado_id):
    response = await client.get(f"/chamados/{chamado_id}/eventos", headers=headers)
    assert response.status_code == 200, response.text
    return [(e["tipo"], e["dados"]) for e in response.json()]


async def test_thread_holds_opening_answer_replies_and_notes_in_order(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    chamado_id = criado["chamado_id"]
    assert (await _chamado(client, headers, chamado_id))["status"] == "aberto"

    reply = await _post(client, headers, chamado_id, "Já estamos verificando.")
    assert reply.status_code == 201, reply.text
    assert reply.json()["autor_tipo"] == "atendente"
    assert reply.json()["canal"] == "site"
    note = await _post(client, headers, chamado_id, "Cliente VIP, prioridade.", interna=True)
    assert note.json()["interna"] is True
    assert note.json()["canal"] is None
    falou = await _post(
        client, headers, chamado_id, "ligou dizendo que voltou", remetente="cliente"
    )
    assert falou.json()["autor_tipo"] == "cliente"
    assert falou.json()["autor_id"] == cliente_id
    assert falou.json()["registrado_por_id"] == reply.json()["autor_id"]

    assert await _thread(client, headers, chamado_id) == [
        ("cliente", False, "meu sistema está com erro grave"),
        ("bot", False, criado["resposta"]),
        ("atendente", False, "Já estamos verificando."),
        ("atendente", True, "Cliente VIP, prioridade."),
        ("cliente", False, "ligou dizendo que voltou"),
    ]
    # The v1 view shows what operators told the customer, never the notes.
    respostas = (await client.get(f"/chamados/{chamado_id}/respostas", headers=headers)).json()
    assert [r["mensagem"] for r in respostas] == ["Já estamos verificando."]
    chamado = await _chamado(client, headers, chamado_id)
    assert chamado["status"] == "em_atendimento"
    assert chamado["data_primeira_resposta"] is not None
    page = await client.get(
        f"/chamados/{chamado_id}/mensagens", params={"skip": 1, "limit": 2}, headers=headers
    )
    assert [m["autor_tipo"] for m in page.json()] == ["bot", "atendente"]


async def test_a_note_is_not_an_answer(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    await _post(client, headers, criado["chamado_id"], "ver com o time de rede", interna=True)
    chamado = await _chamado(client, headers, criado["chamado_id"])
    assert (chamado["status"], chamado["data_primeira_resposta"]) == ("aberto", None)


async def test_customer_follow_up_reopens_a_resolved_ticket_and_raises_priority(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "quero a segunda via do boleto")
    chamado_id = criado["chamado_id"]
    assert (criado["status"], criado["prioridade"]) == ("resolvido", "baixa")

    response = await _post(
        client, headers, chamado_id, "já é a terceira vez que peço", remetente="cliente"
    )
    assert response.status_code == 201
    assert response.json()["chamado_id"] == chamado_id
    chamado = await _chamado(client, headers, chamado_id)
    assert chamado["status"] == "aberto"
    assert chamado["prioridade"] != "baixa"
    assert chamado["data_resolucao"] is None
    eventos = await _eventos(client, headers, chamado_id)
    assert [tipo for tipo, _ in eventos] == [
        "criado", "triado", "triado", "prioridade", "status", "reaberto",
    ]  # fmt: skip
    assert eventos[3][1] == {"de": "baixa", "para": chamado["prioridade"], "motivo": "triagem"}
    assert eventos[4][1] == {"de": "resolvido", "para": "aberto"}


async def test_thanks_after_the_solution_do_not_reopen(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "quero a segunda via do boleto")
    await _post(client, headers, criado["chamado_id"], "obrigado!", remetente="cliente")
    chamado = await _chamado(client, headers, criado["chamado_id"])
    assert chamado["status"] == "resolvido"
    assert [m[2] for m in await _thread(client, headers, criado["chamado_id"])][-1] == "obrigado!"


async def test_after_the_window_the_customer_gets_a_linked_new_ticket(client, db, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "quero a segunda via do boleto")
    antigo = criado["chamado_id"]
    oito_dias = utcnow() - timedelta(days=8)
    await db.execute(update(Chamado).values(data_resolucao=oito_dias))
    await db.commit()

    response = await _post(
        client, headers, antigo, "meu sistema está com erro", remetente="cliente"
    )
    assert response.status_code == 201
    novo = response.json()["chamado_id"]
    assert novo != antigo
    chamado = await _chamado(client, headers, novo)
    assert chamado["chamado_origem_id"] == antigo
    assert chamado["mensagem"] == "meu sistema está com erro"
    assert (chamado["status"], chamado["intencao"]) == ("aberto", "problema_tecnico")
    assert (await _chamado(client, headers, antigo))["status"] == "resolvido"
    assert ("continuado", {"chamado_novo_id": novo}) in await _eventos(client, headers, antigo)
    criado_novo = (await _eventos(client, headers, novo))[0]
    assert criado_novo[1]["chamado_origem_id"] == antigo

    # A longer window, chosen by the empresa, keeps the same ticket.
    janela = await client.patch(
        "/empresas/atual", json={"janela_reabertura_dias": 30}, headers=headers
    )
    assert janela.status_code == 200
    assert janela.json()["janela_reabertura_dias"] == 30
    await _post(client, headers, antigo, "e a fatura?", remetente="cliente")
    assert (await _chamado(client, headers, antigo))["status"] == "aberto"


async def test_a_closed_ticket_takes_no_reply_and_never_changes(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    chamado_id = criado["chamado_id"]
    fechado = await client.patch(
        f"/chamados/{chamado_id}", json={"status": "fechado"}, headers=headers
    )
    assert fechado.status_code == 200
    assert fechado.json()["status"] == "fechado"

    reply = await _post(client, headers, chamado_id, "oi?")
    assert reply.status_code == 409
    assert reply.json()["code"] == "chamado_fechado"
    assert "fechado" in reply.json()["detail"]
    for change in ({"status": "aberto"}, {"status": "resolvido"}):
        assert (
            await client.patch(f"/chamados/{chamado_id}", json=change, headers=headers)
        ).status_code == 409
    v1 = await client.put(f"/chamados/{chamado_id}?novo_status=aberto", headers=headers)
    assert v1.status_code == 409
    # A note still goes in; the customer writing again opens a new, linked ticket.
    assert (await _post(client, headers, chamado_id, "encerrado", interna=True)).status_code == 201
    novo = await _post(client, headers, chamado_id, "voltou o erro", remetente="cliente")
    assert novo.status_code == 201
    assert novo.json()["chamado_id"] != chamado_id


async def test_waiting_on_the_customer_resumes_when_they_write(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "meu sistema está com erro grave")
    chamado_id = criado["chamado_id"]
    await client.patch(
        f"/chamados/{chamado_id}", json={"status": "aguardando_cliente"}, headers=headers
    )
    await _post(client, headers, chamado_id, "reiniciei e nada", remetente="cliente")
    assert (await _chamado(client, headers, chamado_id))["status"] == "em_atendimento"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mensagem": "x" * 5001}, "mensagem"),
        ({"mensagem": "   "}, "mensagem"),
        ({"mensagem": "oi", "interna": True, "remetente": "cliente"}, "interna"),
        ({"mensagem": "oi", "remetente": "bot"}, "remetente"),
        ({"mensagem": "oi", "interna": "sim"}, "interna"),
        ({"mensagem": "oi", "canal": "site"}, "canal"),
    ],
)
async def test_bad_messages_get_a_clear_422(client, operador, body, field):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id)
    response = await client.post(
        f"/chamados/{criado['chamado_id']}/mensagens", json=body, headers=headers
    )
    assert response.status_code == 422
    assert field in response.text


async def test_unknown_ticket_is_404_everywhere(client, operador):
    headers, _ = operador
    for response in (
        await _post(client, headers, 999_999, "oi"),
        await client.get("/chamados/999999/mensagens", headers=headers),
        await client.get("/chamados/999999/eventos", headers=headers),
        await client.patch("/chamados/999999", json={"status": "resolvido"}, headers=headers),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == "Chamado não encontrado"


async def test_v1_status_route_keeps_its_three_statuses_and_text(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id)
    response = await client.put(
        f"/chamados/{criado['chamado_id']}?novo_status=em_atendimento", headers=headers
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Status inválido. Deve ser um de: ['aberto', 'resolvido', 'encaminhado']"
    )
