"""WhatsApp out: answers go through the outbox to a Graph API (a fake one on loopback), once,
with their delivery status; the 24-hour window; a provider that fails, refuses, or answers
nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from src.models import Chamado, EnvioCanal, Mensagem
from src.models.base import utcnow
from tests.canais import whatsapp_fake as meta
from tests.canais.graph_fake import canal_apontando_para, entregar, graph_no_ar

CLIENTE = "5511987654321"


@pytest.fixture
async def graph():
    async with graph_no_ar() as fake:
        yield fake


@pytest.fixture
async def canal(client, graph):
    return await canal_apontando_para(client, graph)


async def _rodada(app) -> int:
    return await app.state.worker.rodada()


async def _vencer_esperas(db) -> None:
    """Time passes: every row waiting for its next try is due now."""
    await db.execute(update(EnvioCanal).values(proxima_em=utcnow() - timedelta(seconds=1)))
    await db.commit()


async def _conversa(app, client, canal, texto="minha internet caiu desde ontem") -> int:
    await entregar(client, canal, mensagens=[meta.texto("wamid.IN1", CLIENTE, texto)])
    await _rodada(app)
    chamados = (await client.get("/chamados/", headers=canal["admin"])).json()
    return chamados[0]["id"]


async def _thread(client, canal, chamado_id) -> list[dict]:
    resposta = await client.get(f"/chamados/{chamado_id}/mensagens", headers=canal["admin"])
    return resposta.json()


async def test_the_automatic_answer_goes_out_once_and_follows_the_delivery_statuses(
    app, client, db, canal, graph
):
    pedido = "preciso da segunda via do boleto"
    await entregar(client, canal, mensagens=[meta.texto("wamid.IN1", CLIENTE, pedido)])
    await _rodada(app)
    await _rodada(app)  # nothing left: the answer is not sent twice

    [enviada] = graph.recebidas
    assert enviada["numero"] == meta.PHONE_NUMBER_ID
    assert (enviada["to"], enviada["type"]) == (CLIENTE, "text")
    chamado = await db.scalar(select(Chamado))
    assert enviada["text"]["body"] == chamado.resposta_automatica
    [_, resposta] = await _thread(client, canal, chamado.id)
    assert (resposta["autor_tipo"], resposta["status_entrega"]) == ("bot", "enviada")

    for estado in ("delivered", "read"):
        await entregar(client, canal, statuses=[meta.status("wamid.FAKE1", estado)])
        await _rodada(app)
    [_, resposta] = await _thread(client, canal, chamado.id)
    assert resposta["status_entrega"] == "lida"


async def test_an_operator_reply_goes_out_and_an_internal_note_never_does(
    app, client, canal, graph
):
    chamado_id = await _conversa(app, client, canal)
    enviadas_antes = len(graph.recebidas)
    url = f"/chamados/{chamado_id}/mensagens"
    nota = await client.post(
        url, json={"mensagem": "cliente VIP, cuidado", "interna": True}, headers=canal["admin"]
    )
    resposta = await client.post(
        url, json={"mensagem": "Olá! Já estamos verificando."}, headers=canal["admin"]
    )
    assert (nota.status_code, resposta.status_code) == (201, 201), resposta.text
    assert resposta.json()["status_entrega"] == "pendente"
    await _rodada(app)

    assert graph.textos()[enviadas_antes:] == ["Olá! Já estamos verificando."]
    thread = await _thread(client, canal, chamado_id)
    por_texto = {m["mensagem"]: m for m in thread}
    assert por_texto["Olá! Já estamos verificando."]["status_entrega"] == "enviada"
    assert por_texto["cliente VIP, cuidado"]["status_entrega"] is None


async def test_outside_the_24_hour_window_a_free_reply_is_refused_and_nothing_is_stored(
    app, client, db, canal, graph
):
    chamado_id = await _conversa(app, client, canal)
    ontem = utcnow() - timedelta(hours=25)
    await db.execute(update(Mensagem).values(data_criacao=ontem))
    await db.commit()
    antes = await _thread(client, canal, chamado_id)
    enviadas_antes = len(graph.recebidas)

    resposta = await client.post(
        f"/chamados/{chamado_id}/mensagens",
        json={"mensagem": "Oi, conseguiu resolver?"},
        headers=canal["admin"],
    )
    assert resposta.status_code == 422
    assert resposta.json()["code"] == "fora_da_janela_whatsapp"
    assert "24 horas" in resposta.json()["detail"]
    await _rodada(app)
    assert await _thread(client, canal, chamado_id) == antes
    assert len(graph.recebidas) == enviadas_antes
    # A note is not a message to the customer: it is always allowed.
    nota = await client.post(
        f"/chamados/{chamado_id}/mensagens",
        json={"mensagem": "tentar por e-mail", "interna": True},
        headers=canal["admin"],
    )
    assert nota.status_code == 201


async def test_a_failing_provider_delays_the_answer_which_goes_out_later_once(
    app, client, db, canal, graph
):
    graph.falhas = [500, 500]
    chamado_id = await _conversa(app, client, canal, "preciso da segunda via do boleto")
    envio = await db.scalar(select(EnvioCanal))
    assert (envio.estado, envio.tentativas) == ("pendente", 1)
    assert "500" in envio.erro
    assert envio.proxima_em > utcnow()  # backing off, not hammering
    [_, resposta] = await _thread(client, canal, chamado_id)
    assert resposta["status_entrega"] == "pendente"

    for _ in range(2):
        await _vencer_esperas(db)
        await _rodada(app)
    assert len(graph.recebidas) == 1
    [_, resposta] = await _thread(client, canal, chamado_id)
    assert resposta["status_entrega"] == "enviada"
    await db.refresh(envio)
    assert (envio.estado, envio.tentativas, envio.id_externo) == ("enviado", 3, "wamid.FAKE1")


async def test_a_refusal_is_final_and_shows_metas_reason_on_the_message(
    app, client, db, canal, graph
):
    graph.falhas = [400]
    chamado_id = await _conversa(app, client, canal, "preciso da segunda via do boleto")
    await _vencer_esperas(db)
    await _rodada(app)
    [_, resposta] = await _thread(client, canal, chamado_id)
    assert resposta["status_entrega"] == "falhou"
    assert "131026" in resposta["erro_entrega"]
    assert graph.recebidas == []


async def test_a_send_whose_answer_was_lost_is_settled_by_metas_callback_not_sent_again(
    app, client, db, canal, graph
):
    """The worker died after the call left: the row stays claimed; Meta's `sent` callback,
    which echoes our envio id, tells us it went out."""
    graph.falhas = [500]  # the first answer waits in the outbox
    chamado_id = await _conversa(app, client, canal, "preciso da segunda via do boleto")
    await _vencer_esperas(db)
    remetente = app.state.worker.remetente
    [envio], canais = await remetente._reivindicar()
    await remetente.adaptadores["whatsapp"](canais[envio.canal_id], envio)  # Meta has it...
    # ...and the worker was killed before it wrote the answer down.
    eco = {"biz_opaque_callback_data": f"envio:{envio.id}"}
    await entregar(client, canal, statuses=[meta.status("wamid.FAKE1", "sent", **eco)])
    await _rodada(app)
    await _vencer_esperas(db)
    await _rodada(app)

    assert len(graph.recebidas) == 1  # only the first, real send
    [_, resposta] = await _thread(client, canal, chamado_id)
    assert resposta["status_entrega"] == "enviada"
    envio = await db.get(EnvioCanal, envio.id, populate_existing=True)
    assert (envio.estado, envio.id_externo) == ("enviado", "wamid.FAKE1")


async def test_a_claimed_send_that_never_reached_meta_goes_out_after_the_grace_period(
    app, client, db, canal, graph
):
    graph.falhas = [500]  # the first answer waits in the outbox
    chamado_id = await _conversa(app, client, canal, "preciso da segunda via do boleto")
    await _vencer_esperas(db)
    await app.state.worker.remetente._reivindicar()  # claimed, then the worker was killed
    await _rodada(app)
    assert graph.recebidas == []  # not before INCERTEZA: a callback could still come
    await _vencer_esperas(db)
    await _rodada(app)
    assert len(graph.recebidas) == 1
    [_, resposta] = await _thread(client, canal, chamado_id)
    assert resposta["status_entrega"] == "enviada"
