"""Many operators acting on one ticket at once: the métricas counters and the ticket's history
stay exact.

Runs on both databases: SQLite has no SELECT ... FOR UPDATE, so its write transactions must
serialise at BEGIN for the read-modify-write of a status change to be atomic.
"""

import asyncio
import itertools

from sqlalchemy import func, select

from src.models import ContadorChamados, StatusChamado
from tests.factories import create_chamado, create_cliente, signup

V1_STATUSES = ("aberto", "resolvido", "encaminhado")
NEW_STATUSES = ("em_atendimento", "aguardando_cliente")


async def test_concurrent_status_changes_and_replies_keep_counters_exact(client, db):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    chamado = await create_chamado(
        client, headers, cliente["id"], mensagem="meu sistema está com erro grave"
    )
    url = f"/chamados/{chamado['chamado_id']}"

    async def change(status: str):
        if status in V1_STATUSES:
            return await client.put(url, params={"novo_status": status}, headers=headers)
        return await client.patch(url, json={"status": status}, headers=headers)

    async def reply(n: int):
        return await client.post(
            f"{url}/respostas", json={"mensagem": f"resposta {n}"}, headers=headers
        )

    async def note(n: int):
        return await client.post(
            f"{url}/mensagens", json={"mensagem": f"nota {n}", "interna": True}, headers=headers
        )

    async def customer(n: int):
        return await client.post(
            f"{url}/mensagens",
            json={"mensagem": f"alguma novidade? {n}", "remetente": "cliente"},
            headers=headers,
        )

    statuses = itertools.islice(itertools.cycle(V1_STATUSES + NEW_STATUSES), 150)
    requests = [change(status) for status in statuses] + [reply(n) for n in range(20)]
    requests += [note(n) for n in range(10)] + [customer(n) for n in range(10)]
    responses = await asyncio.gather(*requests)
    assert {response.status_code for response in responses} <= {200, 201}, [
        response.text for response in responses if response.status_code >= 300
    ]

    final = (await client.get(url, headers=headers)).json()["status"]
    por_status = (await client.get("/metricas/por-status", headers=headers)).json()
    assert por_status == {status: int(status == final) for status in StatusChamado}
    metricas = (await client.get("/metricas/", headers=headers)).json()
    assert metricas["total_chamados"] == 1
    respostas = await client.get(f"{url}/respostas", params={"limit": 100}, headers=headers)
    assert len(respostas.json()) == 20
    thread = await client.get(f"{url}/mensagens", params={"limit": 100}, headers=headers)
    assert len(thread.json()) == 2 + 20 + 10 + 10  # opening, automatic answer, the rest
    # Each status line of the history starts where the previous one ended, up to the final one.
    eventos = []
    for skip in range(0, 1000, 100):
        page = await client.get(
            f"{url}/eventos", params={"skip": skip, "limit": 100}, headers=headers
        )
        eventos += page.json()
    assert eventos[0]["tipo"] == "criado"
    assert len(eventos) < 1000
    trilha = [e["dados"] for e in eventos if e["tipo"] == "status"]
    assert trilha, "no status change recorded"
    for anterior, seguinte in itertools.pairwise(trilha):
        assert seguinte["de"] == anterior["para"]
    assert trilha[0]["de"] == "aberto"
    assert trilha[-1]["para"] == final
    answered = await db.scalar(
        select(func.sum(ContadorChamados.respondidos)).where(ContadorChamados.dimensao == "geral")
    )
    assert answered == 1
