"""CSAT on WhatsApp: when a person resolves the ticket the customer gets the question to tap
(a list inside the 24-hour window, the account's template outside it), and the tap is the
ticket's CSAT, not a message that reopens it."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from src.models import Chamado, Mensagem
from src.models.base import utcnow
from tests.canais import whatsapp_fake as meta
from tests.canais.graph_fake import canal_apontando_para, entregar, graph_no_ar

CLIENTE = "5511987654321"
PEDIDO = "quero falar com um atendente sobre o meu contrato"  # goes to a person


@pytest.fixture
async def graph():
    async with graph_no_ar() as fake:
        yield fake


@pytest.fixture
async def canal(client, graph):
    return await canal_apontando_para(client, graph)


def _toque(wamid: str, de: str, identificador: str) -> dict:
    return {
        "from": de,
        "id": wamid,
        "timestamp": "1795000000",
        "type": "interactive",
        "interactive": {
            "type": "list_reply",
            "list_reply": {"id": identificador, "title": "4 · Satisfeito"},
        },
    }


async def _resolvido_por_atendente(app, client, canal, de: str = CLIENTE, wamid="wamid.IN1"):
    mensagem = meta.texto(wamid, de, PEDIDO)
    await entregar(client, canal, mensagens=[mensagem])
    await app.state.worker.rodada()
    chamado = (await client.get("/chamados/", headers=canal["admin"])).json()[0]
    resolvido = await client.patch(
        f"/chamados/{chamado['id']}", json={"status": "resolvido"}, headers=canal["admin"]
    )
    assert resolvido.status_code == 200, resolvido.text
    await app.state.worker.rodada()
    return chamado["id"]


async def test_the_survey_is_a_list_and_the_tap_is_the_csat_not_a_message(
    app, client, db, canal, graph
):
    chamado_id = await _resolvido_por_atendente(app, client, canal)
    [pesquisa] = [m for m in graph.recebidas if m["type"] == "interactive"]
    linhas = pesquisa["interactive"]["action"]["sections"][0]["rows"]
    assert [linha["id"].rsplit(":", 1)[1] for linha in linhas] == ["5", "4", "3", "2", "1"]
    antes = len((await db.scalars(select(Mensagem))).all())

    quatro = next(linha["id"] for linha in linhas if linha["id"].endswith(":4"))
    await entregar(client, canal, mensagens=[_toque("wamid.T1", CLIENTE, quatro)])
    cinco = next(linha["id"] for linha in linhas if linha["id"].endswith(":5"))
    await entregar(client, canal, mensagens=[_toque("wamid.T2", CLIENTE, cinco)])  # changed mind
    await app.state.worker.rodada()

    chamado = await db.get(Chamado, chamado_id, populate_existing=True)
    assert (chamado.csat_nota, chamado.status) == (4, "resolvido")  # the first tap counts
    assert len((await db.scalars(select(Mensagem))).all()) == antes  # no message, no reopening


async def test_outside_the_window_the_survey_goes_as_the_accounts_template(
    app, client, db, canal, graph
):
    await client.patch(
        f"/canais/{canal['id']}",
        json={"config": {"modelo_csat": "pesquisa_satisfacao"}},
        headers=canal["admin"],
    )
    mensagem = meta.texto("wamid.IN1", CLIENTE, PEDIDO)
    await entregar(client, canal, mensagens=[mensagem])
    await app.state.worker.rodada()
    await db.execute(update(Mensagem).values(data_criacao=utcnow() - timedelta(hours=30)))
    await db.commit()
    chamado_id = (await client.get("/chamados/", headers=canal["admin"])).json()[0]["id"]
    await client.patch(
        f"/chamados/{chamado_id}", json={"status": "resolvido"}, headers=canal["admin"]
    )
    await app.state.worker.rodada()

    [modelo] = [m for m in graph.recebidas if m["type"] == "template"]
    assert modelo["template"]["name"] == "pesquisa_satisfacao"
    cargas = [b["parameters"][0]["payload"] for b in modelo["template"]["components"]]
    assert [carga.rsplit(":", 1)[1] for carga in cargas] == ["1", "2", "3", "4", "5"]
    botao = {
        "from": CLIENTE,
        "id": "wamid.B1",
        "timestamp": "1795000000",
        "type": "button",
        "button": {"payload": cargas[4], "text": "5"},
    }
    await entregar(client, canal, mensagens=[botao])
    await app.state.worker.rodada()
    chamado = await db.get(Chamado, chamado_id, populate_existing=True)
    assert chamado.csat_nota == 5


async def test_a_tap_on_someone_elses_survey_is_ignored(app, client, db, canal, graph):
    chamado_id = await _resolvido_por_atendente(app, client, canal)
    [pesquisa] = [m for m in graph.recebidas if m["type"] == "interactive"]
    alheio = pesquisa["interactive"]["action"]["sections"][0]["rows"][0]["id"]
    await entregar(client, canal, mensagens=[_toque("wamid.X1", "5511900000000", alheio)])
    await app.state.worker.rodada()
    chamado = await db.get(Chamado, chamado_id, populate_existing=True)
    assert chamado.csat_nota is None
