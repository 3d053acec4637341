"""Classification never stalls the event loop, reads a bounded text and has a bounded queue.

A gated classifier holds each classification until the test releases it (10 s at most, only so
a regression fails instead of hanging). If the classification ran on the event loop, nothing
else could run until that timeout: the assertions are on what happened meanwhile, not on time.
"""

import asyncio
import logging
import threading

import pytest

from src.triage import Triador, TriageConfig
from src.triage.runtime.local import Ranking
from src.triage.runtime.text import MAX_CLASSIFIER_CHARS
from tests.factories import create_cliente, signup

GATE_TIMEOUT_S = 10
LONG_MESSAGE = ("Bom dia, preciso da segunda via do boleto do contrato 1234. " * 90)[:5000].strip()


class GatedClassifier:
    """Ranks every text as `documento`, after the test opens the gate."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.gate = threading.Event()
        self.texts: list[str] = []
        self.threads: list[str] = []
        self.opened_in_time: list[bool] = []

    def rank(self, texto: str) -> Ranking:
        self.texts.append(texto)
        self.threads.append(threading.current_thread().name)
        self.started.set()
        self.opened_in_time.append(self.gate.wait(GATE_TIMEOUT_S))
        return Ranking("documento", 0.99, "geral", 0.01)


@pytest.fixture
def gated(app, triador_local):
    """The worker's triador swapped for one with a gated classifier (same catalog, policy)."""
    classifier = GatedClassifier()
    triagens = app.state.triagens  # the empresa's triage is the worker's (nothing customised)
    original = triagens.base
    triagens.base = Triador(TriageConfig(backend="local"), triador_local.catalog, classifier)
    yield classifier
    classifier.gate.set()
    swapped, triagens.base = triagens.base, original
    swapped.close()


async def _post_classificar(client, headers):
    return await client.post(
        "/triagem/classificar", json={"mensagem": LONG_MESSAGE}, headers=headers
    )


async def _post_chamado(client, headers):
    cliente = await create_cliente(client, headers)
    body = {"cliente_id": cliente["id"], "canal": "site", "mensagem": LONG_MESSAGE}
    return await client.post("/chamados/", json=body, headers=headers)


@pytest.mark.parametrize("send", [_post_classificar, _post_chamado], ids=["classificar", "chamado"])
async def test_health_answers_while_a_long_message_is_being_classified(client, gated, send):
    headers = await signup(client)
    pending = asyncio.create_task(send(client, headers))
    assert await asyncio.to_thread(gated.started.wait, GATE_TIMEOUT_S)

    health = await client.get("/health")
    gated.gate.set()
    response = await pending

    assert health.status_code == 200
    assert gated.opened_in_time == [True]  # /health was served before the classification ended
    assert response.status_code in (200, 201)
    assert response.json()["intencao"] == "documento"
    assert gated.threads[0].startswith("triagem")


async def test_classifier_reads_a_bounded_text_but_the_ticket_keeps_the_whole_message(
    client, gated
):
    gated.gate.set()
    headers = await signup(client)
    response = await _post_chamado(client, headers)
    assert response.status_code == 201
    assert len(gated.texts[0]) <= MAX_CLASSIFIER_CHARS
    assert gated.texts[0].startswith("Bom dia, preciso da segunda via do boleto")
    stored = await client.get(f"/chamados/{response.json()['chamado_id']}", headers=headers)
    assert stored.json()["mensagem"] == LONG_MESSAGE


async def test_a_full_queue_hands_the_message_to_a_person_at_once(triador_local, caplog):
    classifier = GatedClassifier()
    config = TriageConfig(backend="local", threads=1, max_pending=1)
    triador = Triador(config, triador_local.catalog, classifier)
    try:
        first = asyncio.create_task(triador.classify_async(LONG_MESSAGE))
        assert await asyncio.to_thread(classifier.started.wait, GATE_TIMEOUT_S)
        with caplog.at_level(logging.WARNING, logger="src.triage.runtime.pipeline"):
            overflow = await triador.classify_async(LONG_MESSAGE)
        classifier.gate.set()
        answered = await first
    finally:
        triador.close()
    assert overflow.resolvido_automaticamente is False
    assert overflow.intencao == "geral"
    assert overflow.confianca == 0.0
    assert "fila cheia" in caplog.text
    assert classifier.opened_in_time == [True]  # the overflow did not wait for the gate
    assert answered.intencao == "documento"
    assert answered.resolvido_automaticamente is True


async def test_real_model_classifies_off_the_loop_with_the_same_answer(triador_local):
    mensagem = "Preciso da segunda via do boleto deste mês. " + "😀" * 4900
    answered = await triador_local.classify_async(mensagem)
    assert answered == triador_local.classify(mensagem)
    assert answered.intencao == "documento"
    assert answered.resolvido_automaticamente is True


async def test_short_messages_are_classified_inline_and_long_ones_on_the_triage_thread(
    triador_local,
):
    classifier = GatedClassifier()
    classifier.gate.set()
    triador = Triador(TriageConfig(backend="local"), triador_local.catalog, classifier)
    try:
        await triador.classify_async("segunda via do boleto")  # ~1 ms: no thread hop
        await triador.classify_async(LONG_MESSAGE)
    finally:
        triador.close()
    assert classifier.threads[0] == threading.current_thread().name
    assert classifier.threads[1].startswith("triagem")
