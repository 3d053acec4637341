"""Many operators acting on one ticket at once: the métricas counters stay exact.

Runs on both databases: SQLite has no SELECT ... FOR UPDATE, so its write transactions must
serialise at BEGIN for the read-modify-write of a status change to be atomic.
"""

import asyncio
import itertools

from sqlalchemy import func, select

from src.models import ContadorChamados
from tests.factories import create_chamado, create_cliente, signup

STATUSES = ("aberto", "resolvido", "encaminhado")


async def test_concurrent_status_changes_and_replies_keep_counters_exact(client, db):
    headers = await signup(client, "ana")
    cliente = await create_cliente(client, headers)
    chamado = await create_chamado(
        client, headers, cliente["id"], mensagem="meu sistema está com erro grave"
    )
    url = f"/chamados/{chamado['chamado_id']}"

    async def change(status: str):
        return await client.put(url, params={"novo_status": status}, headers=headers)

    async def reply(n: int):
        return await client.post(
            f"{url}/respostas", json={"mensagem": f"resposta {n}"}, headers=headers
        )

    statuses = itertools.islice(itertools.cycle(STATUSES), 150)
    requests = [change(status) for status in statuses] + [reply(n) for n in range(20)]
    responses = await asyncio.gather(*requests)
    assert {response.status_code for response in responses} <= {200, 201}, [
        response.text for response in responses if response.status_code >= 300
    ]

    final = (await client.get(url, headers=headers)).json()["status"]
    por_status = (await client.get("/metricas/por-status", headers=headers)).json()
    assert por_status == {status: int(status == final) for status in STATUSES}
    metricas = (await client.get("/metricas/", headers=headers)).json()
    assert metricas["total_chamados"] == 1
    respostas = await client.get(f"{url}/respostas", params={"limit": 100}, headers=headers)
    assert len(respostas.json()) == 20
    answered = await db.scalar(
        select(func.sum(ContadorChamados.respondidos)).where(ContadorChamados.dimensao == "geral")
    )
    assert answered == 1
