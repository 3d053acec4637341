"""Outgoing webhooks: admins register endpoints; events reach them signed the Standard
Webhooks way, are retried with the same id, and every attempt is visible."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from src.core.config import Settings
from src.models import EntregaWebhook, WebhookEndpoint
from src.models.base import utcnow
from src.webhooks import service
from tests.factories import create_chamado, create_cliente, signup
from tests.servidor_local import servir
from tests.webhooks.receptor_fake import Receptor


@pytest.fixture
async def receptor():
    fake = Receptor()
    async with servir(fake.app()) as origem:
        fake.url = f"{origem}/eventos"
        yield fake


@pytest.fixture
async def admin(client):
    return await signup(client, "chefe")


async def _cadastrar(client, admin, receptor, eventos=("chamado.criado",)) -> dict:
    body = {"url": receptor.url, "eventos": list(eventos), "descricao": "ERP"}
    resposta = await client.post("/webhooks/", json=body, headers=admin)
    assert resposta.status_code == 201, resposta.text
    criado = resposta.json()
    receptor.segredo = criado["segredo"]
    return criado


async def _rodada(app) -> int:
    return await app.state.worker.rodada()


async def _vencer_esperas(db) -> None:
    await db.execute(update(EntregaWebhook).values(proxima_em=utcnow() - timedelta(seconds=1)))
    await db.commit()


async def _novo_chamado(client, admin) -> dict:
    cliente = await create_cliente(client, admin)
    return await create_chamado(client, admin, cliente["id"])


async def test_the_secret_is_shown_once_and_bad_registrations_are_refused(client, admin, receptor):
    criado = await _cadastrar(client, admin, receptor)
    assert criado["segredo"].startswith("whsec_")
    lido = (await client.get(f"/webhooks/{criado['id']}", headers=admin)).json()
    assert "segredo" not in lido
    assert lido["eventos"] == ["chamado.criado"]
    listado = (await client.get("/webhooks/", headers=admin)).json()
    assert [w["id"] for w in listado] == [criado["id"]]
    for ruim in (
        {"url": receptor.url, "eventos": []},
        {"url": receptor.url, "eventos": ["chamado.explodiu"]},
        {"url": "ftp://erp.exemplo.com/x", "eventos": ["chamado.criado"]},
        {"eventos": ["chamado.criado"]},
    ):
        resposta = await client.post("/webhooks/", json=ruim, headers=admin)
        assert resposta.status_code == 422, ruim

    novo = (await client.post(f"/webhooks/{criado['id']}/segredo", headers=admin)).json()
    assert novo["segredo"].startswith("whsec_")
    assert novo["segredo"] != criado["segredo"]


async def test_an_event_reaches_the_endpoint_signed_and_only_the_subscribed_ones(
    app, client, admin, receptor
):
    await _cadastrar(client, admin, receptor, eventos=["chamado.criado"])
    chamado = await _novo_chamado(client, admin)
    await client.post(
        f"/chamados/{chamado['chamado_id']}/mensagens", json={"mensagem": "Olá!"}, headers=admin
    )
    await _rodada(app)

    [entrega] = receptor.recebidas
    assert entrega["assinatura_ok"]
    assert entrega["id"].startswith("msg_")
    assert entrega["payload"]["type"] == "chamado.criado"
    dados = entrega["payload"]["data"]
    assert (dados["id"], dados["cliente_id"]) == (chamado["chamado_id"], chamado["cliente_id"])
    assert dados["mensagem"] == "Quero falar com um atendente sobre o meu contrato"


async def test_a_failing_receiver_gets_the_same_delivery_again_later_with_every_attempt_shown(
    app, client, db, admin, receptor
):
    webhook = await _cadastrar(client, admin, receptor, eventos=["mensagem.criada"])
    chamado = await _novo_chamado(client, admin)
    receptor.respostas = [500, 503]
    await client.post(
        f"/chamados/{chamado['chamado_id']}/mensagens", json={"mensagem": "Olá!"}, headers=admin
    )
    await _rodada(app)
    entrega = await db.scalar(select(EntregaWebhook))
    assert entrega.estado == "pendente"
    assert entrega.proxima_em > utcnow()  # backing off
    for _ in range(2):
        await _vencer_esperas(db)
        await _rodada(app)

    assert [r["id"] for r in receptor.recebidas] == [entrega.mensagem_id] * 3
    assert len({r["corpo"] for r in receptor.recebidas}) == 1  # byte for byte the same
    [vista] = (await client.get(f"/webhooks/{webhook['id']}/entregas", headers=admin)).json()
    assert (vista["estado"], vista["tentativas"]) == ("entregue", 3)
    assert [t["status_http"] for t in vista["historico"]] == [500, 503, 200]
    assert vista["historico"][0]["erro"] == "indisponível"
    lido = (await client.get(f"/webhooks/{webhook['id']}", headers=admin)).json()
    assert lido["falhando_desde"] is None  # the last attempt worked


async def test_410_disables_the_endpoint_and_no_more_events_are_queued(
    app, client, db, admin, receptor
):
    webhook = await _cadastrar(client, admin, receptor)
    receptor.respostas = [410]
    await _novo_chamado(client, admin)
    await _rodada(app)
    lido = (await client.get(f"/webhooks/{webhook['id']}", headers=admin)).json()
    assert lido["ativo"] is False
    assert "410" in lido["motivo_desativacao"]
    [vista] = (await client.get(f"/webhooks/{webhook['id']}/entregas", headers=admin)).json()
    assert vista["estado"] == "falhou"

    await _novo_chamado(client, admin)
    await _rodada(app)
    assert len(receptor.recebidas) == 1
    assert len((await client.get(f"/webhooks/{webhook['id']}/entregas", headers=admin)).json()) == 1
    reenvio = await client.post(
        f"/webhooks/{webhook['id']}/entregas/{vista['id']}/reenviar", headers=admin
    )
    assert reenvio.status_code == 409


async def test_three_days_of_failures_disable_the_endpoint_and_retries_run_out(
    app, client, db, admin, receptor
):
    webhook = await _cadastrar(client, admin, receptor)
    receptor.respostas = [500] * 3
    await _novo_chamado(client, admin)
    await _rodada(app)
    await db.execute(update(EntregaWebhook).values(tentativas=10))
    await db.execute(
        update(WebhookEndpoint).values(falhando_desde=utcnow() - timedelta(days=3, minutes=1))
    )
    await db.commit()
    await _vencer_esperas(db)
    await _rodada(app)

    lido = (await client.get(f"/webhooks/{webhook['id']}", headers=admin)).json()
    assert lido["ativo"] is False
    assert "3 dias" in lido["motivo_desativacao"]
    [vista] = (await client.get(f"/webhooks/{webhook['id']}/entregas", headers=admin)).json()
    assert (vista["estado"], vista["proxima_em"]) == ("falhou", None)

    reativado = await client.patch(
        f"/webhooks/{webhook['id']}", json={"ativo": True}, headers=admin
    )
    assert reativado.json()["motivo_desativacao"] is None
    reenvio = await client.post(
        f"/webhooks/{webhook['id']}/entregas/{vista['id']}/reenviar", headers=admin
    )
    assert reenvio.status_code == 202
    await _rodada(app)
    assert receptor.recebidas[-1]["id"] == vista["mensagem_id"]
    assert receptor.recebidas[-1]["assinatura_ok"]


async def test_a_claimed_delivery_whose_worker_died_goes_out_after_its_lease(
    app, client, db, admin, receptor
):
    await _cadastrar(client, admin, receptor)
    await _novo_chamado(client, admin)
    await app.state.worker.entregador._reivindicar()  # claimed, then the worker was killed
    await _rodada(app)
    assert receptor.recebidas == []
    await _vencer_esperas(db)
    await _rodada(app)
    assert receptor.tipos() == ["chamado.criado"]


def test_local_names_are_refused_at_registration_unless_allowed(settings: Settings):
    fechado = settings.model_copy(update={"permitir_destinos_privados": False})
    for url in ("http://localhost:8080/x", "https://api.localhost/x", "http://metadata.internal/"):
        with pytest.raises(service.DestinoProibidoError):
            service._conferir_destino(fechado, url)
    service._conferir_destino(fechado, "https://erp.minhaempresa.com.br/webhooks")
    service._conferir_destino(settings, "http://localhost:8080/x")
