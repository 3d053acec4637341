"""WhatsApp Cloud API in: the handshake, signed deliveries, and what the worker makes of them
(customers by wa_id, threads, redeliveries, media, delivery statuses)."""

import asyncio

import pytest
from sqlalchemy import select, update

from src.canais.worker import processar_pendentes
from src.models import Chamado, Cliente, EventoCanal, Mensagem
from tests.canais import whatsapp_fake as meta
from tests.factories import signup


@pytest.fixture
async def canal(client):
    admin = await signup(client, "chefe")
    body = {"tipo": "whatsapp", "nome": "WhatsApp", "config": meta.config()}
    criado = (await client.post("/canais/", json=body, headers=admin)).json()
    return {"admin": admin, "url": criado["webhook_url"], "id": criado["id"]}


async def _entregar(client, canal, corpo: bytes, assinatura: str | None = None):
    headers = {"Content-Type": "application/json"}
    headers["X-Hub-Signature-256"] = assinatura or meta.assinar(corpo)
    return await client.post(canal["url"], content=corpo, headers=headers)


async def _processar(app) -> int:
    return await processar_pendentes(app.state.sessionmaker, app.state.triagens, app.state.settings)


async def test_the_verification_handshake_echoes_the_challenge_only_to_the_right_token(
    client, canal
):
    certo = {"hub.mode": "subscribe", "hub.verify_token": meta.VERIFY_TOKEN, "hub.challenge": "c1"}
    response = await client.get(canal["url"], params=certo)
    assert (response.status_code, response.text) == (200, "c1")
    assert response.headers["content-type"].startswith("text/plain")
    for errado in (
        {**certo, "hub.verify_token": "outro-token-qualquer"},
        {**certo, "hub.mode": "unsubscribe"},
        {"hub.mode": "subscribe", "hub.challenge": "c1"},
    ):
        response = await client.get(canal["url"], params=errado)
        assert response.status_code == 403, errado
        assert response.json()["code"] == "verificacao_recusada"
    desconhecido = "/canais/whatsapp/" + "x" * 43 + "/webhook"
    assert (await client.get(desconhecido, params=certo)).status_code == 404


async def test_a_delivery_without_the_right_signature_is_refused_before_anything_is_stored(
    client, db, canal
):
    corpo = meta.entrega(mensagens=[meta.texto("wamid.A1", "5511987654321", "oi")])
    sem = await client.post(canal["url"], content=corpo)
    assert sem.status_code == 401
    assert sem.json()["code"] == "assinatura_invalida"
    for assinatura in (
        meta.assinar(corpo, "outro-segredo-qualquer"),
        meta.assinar(corpo + b" "),
        "sha256=",
        "md5=abc",
    ):
        assert (await _entregar(client, canal, corpo, assinatura)).status_code == 401
    assert (await db.scalars(select(EventoCanal))).all() == []
    assinado_mas_nao_json = b"isto nao e json"
    response = await _entregar(client, canal, assinado_mas_nao_json)
    assert response.status_code == 400
    utf16 = corpo.decode().encode("utf-16")  # JSON parsers accept it; what we store does not
    assert (await _entregar(client, canal, utf16)).status_code == 400
    # Not hex (bytes a proxy passes through as latin-1): refused, never a 500.
    estranha = await client.post(
        canal["url"], content=corpo, headers={"X-Hub-Signature-256": "sha256=é".encode("latin-1")}
    )
    assert estranha.status_code == 401


async def test_a_message_becomes_a_ticket_of_a_customer_found_by_wa_id(app, client, db, canal):
    corpo = meta.entrega(
        contatos=[meta.contato("5511987654321", "Maria Souza")],
        mensagens=[meta.texto("wamid.M1", "5511987654321", "preciso da segunda via do boleto")],
    )
    response = await _entregar(client, canal, corpo)
    assert response.status_code == 200, response.text
    assert await _processar(app) == 1

    [cliente] = (await db.scalars(select(Cliente))).all()
    assert (cliente.nome, cliente.whatsapp, cliente.email) == ("Maria Souza", "5511987654321", None)
    [chamado] = (await db.scalars(select(Chamado))).all()
    assert (chamado.canal, chamado.conta_canal_id, chamado.cliente_id) == (
        "whatsapp",
        canal["id"],
        cliente.id,
    )
    thread = (await client.get(f"/chamados/{chamado.id}/mensagens", headers=canal["admin"])).json()
    assert thread[0]["mensagem"] == "preciso da segunda via do boleto"
    linhas = (await db.scalars(select(Mensagem).order_by(Mensagem.id))).all()
    assert (linhas[0].id_externo, linhas[0].conteudo_tipo) == ("wamid.M1", "text")
    # "segunda via" is answered automatically; the answer waits to go out through WhatsApp.
    assert chamado.resposta_automatica
    assert (linhas[1].autor_tipo, linhas[1].status_entrega) == ("bot", "pendente")
    cliente_api = (await client.get(f"/clientes/{cliente.id}", headers=canal["admin"])).json()
    assert cliente_api["email"] == ""  # v1 says string: none is an empty one
    assert cliente_api["whatsapp"] == "5511987654321"


async def test_redeliveries_even_concurrent_ones_store_the_message_once(app, client, db, canal):
    corpo = meta.entrega(mensagens=[meta.texto("wamid.D1", "5511987654321", "minha internet caiu")])
    respostas = await asyncio.gather(*(_entregar(client, canal, corpo) for _ in range(20)))
    assert {r.status_code for r in respostas} == {200}
    await asyncio.gather(_processar(app), _processar(app))
    await _processar(app)
    assert len((await db.scalars(select(EventoCanal))).all()) == 20
    pendentes = select(EventoCanal).where(EventoCanal.processado_em.is_(None))
    assert (await db.scalars(pendentes)).all() == []
    recebidas = select(Mensagem).where(Mensagem.id_externo == "wamid.D1")
    assert len((await db.scalars(recebidas)).all()) == 1
    assert len((await db.scalars(select(Chamado))).all()) == 1


async def test_with_and_without_the_ninth_digit_is_the_same_person_and_the_same_thread(
    app, client, db, canal
):
    primeira = meta.texto("wamid.N1", "5511987654321", "minha internet caiu de novo")
    segunda = meta.texto("wamid.N2", "551187654321", "continua sem conexão aqui")
    await _entregar(client, canal, meta.entrega(mensagens=[primeira]))
    await _processar(app)
    await _entregar(client, canal, meta.entrega(mensagens=[segunda]))
    await _processar(app)
    assert len((await db.scalars(select(Cliente))).all()) == 1
    [chamado] = (await db.scalars(select(Chamado))).all()
    do_cliente = select(Mensagem.mensagem).where(
        Mensagem.chamado_id == chamado.id, Mensagem.autor_tipo == "cliente"
    )
    assert (await db.scalars(do_cliente.order_by(Mensagem.id))).all() == [
        "minha internet caiu de novo",
        "continua sem conexão aqui",
    ]


async def test_media_location_and_reactions_are_recorded_with_their_kind(app, client, db, canal):
    de = "5511987654321"
    mensagens = [
        {"from": de, "id": "wamid.I1", "type": "image",
         "image": {"id": "MEDIA123", "mime_type": "image/jpeg", "caption": "foto do modem"}},
        {"from": de, "id": "wamid.L1", "type": "location",
         "location": {"latitude": -23.55, "longitude": -46.63, "name": "Minha casa"}},
        {"from": de, "id": "wamid.R1", "type": "reaction",
         "reaction": {"message_id": "wamid.I1", "emoji": "👍"}},
        {"from": de, "id": "wamid.U1", "type": "unsupported"},
    ]  # fmt: skip
    await _entregar(client, canal, meta.entrega(mensagens=mensagens))
    await _processar(app)
    linhas = (
        await db.scalars(
            select(Mensagem).where(Mensagem.autor_tipo == "cliente").order_by(Mensagem.id)
        )
    ).all()
    assert [(m.conteudo_tipo, m.mensagem, m.midia_id) for m in linhas] == [
        ("image", "[imagem] foto do modem", "MEDIA123"),
        ("location", "[localização] Minha casa", None),
        ("reaction", "[reação] 👍", None),
        ("unsupported", "[unsupported]", None),
    ]


async def test_delivery_statuses_only_move_forward_and_failure_is_final(app, client, db, canal):
    await _entregar(
        client,
        canal,
        meta.entrega(mensagens=[meta.texto("wamid.S0", "5511987654321", "oi, ajuda")]),
    )
    await _processar(app)
    [chamado] = (await db.scalars(select(Chamado))).all()
    resposta = await client.post(
        f"/chamados/{chamado.id}/mensagens", json={"mensagem": "Olá!"}, headers=canal["admin"]
    )
    assert resposta.status_code == 201, resposta.text
    assert resposta.json()["status_entrega"] == "pendente"
    # What the sender stores once the Graph API accepts the message: its wamid.
    await db.execute(
        update(Mensagem).where(Mensagem.id == resposta.json()["id"]).values(id_externo="wamid.OUT1")
    )
    await db.commit()

    async def estado() -> str:
        url = f"/chamados/{chamado.id}/mensagens"
        thread = (await client.get(url, headers=canal["admin"])).json()
        return next(m for m in thread if m["id"] == resposta.json()["id"])["status_entrega"]

    for chegou, esperado in (
        ("sent", "enviada"),
        ("read", "lida"),
        ("delivered", "lida"),  # late: never backwards
    ):
        await _entregar(client, canal, meta.entrega(statuses=[meta.status("wamid.OUT1", chegou)]))
        await _processar(app)
        assert await estado() == esperado, chegou
    falhou = meta.status(
        "wamid.OUT1", "failed", errors=[{"code": 131047, "title": "Re-engagement"}]
    )
    await _entregar(client, canal, meta.entrega(statuses=[falhou]))
    await _entregar(client, canal, meta.entrega(statuses=[meta.status("wamid.OUT1", "read")]))
    await _processar(app)
    assert await estado() == "falhou"
    guardada = await db.get(Mensagem, resposta.json()["id"])
    await db.refresh(guardada)
    assert guardada.erro_entrega == "Re-engagement"


async def test_another_numbers_messages_never_land_in_this_channel(app, client, db, canal):
    corpo = meta.entrega(mensagens=[meta.texto("wamid.X1", "5511987654321", "oi")])
    outro = corpo.replace(meta.PHONE_NUMBER_ID.encode(), b"99999999999")
    assert (await _entregar(client, canal, outro)).status_code == 200
    assert await _processar(app) == 1  # processed: nothing in it was this number's
    assert (await db.scalars(select(Mensagem))).all() == []
    assert (await db.scalars(select(Chamado))).all() == []


async def test_a_customers_messages_keep_their_order_while_others_go_side_by_side(
    app, client, db, canal
):
    maria, joao = "5511987654321", "5521988887777"
    for n in range(8):  # interleaved: events of two customers, stored in this order
        for de in (maria, joao):
            corpo = meta.entrega(mensagens=[meta.texto(f"wamid.{de}.{n}", de, f"mensagem {n}")])
            assert (await _entregar(client, canal, corpo)).status_code == 200
    await _processar(app)

    for de in (maria, joao):
        cliente = await db.scalar(select(Cliente).where(Cliente.whatsapp == de))
        linhas = (
            await db.scalars(
                select(Mensagem)
                .join(Chamado, Chamado.id == Mensagem.chamado_id)
                .where(Chamado.cliente_id == cliente.id, Mensagem.autor_tipo == "cliente")
                .order_by(Mensagem.id)
            )
        ).all()
        assert [linha.id_externo for linha in linhas] == [f"wamid.{de}.{n}" for n in range(8)]
