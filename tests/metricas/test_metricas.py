from datetime import UTC, datetime, timedelta

from src.metricas.repository import ContadorRepository
from tests.factories import abrir_em, create_chamado, create_cliente, signup

# The statuses of conversations, after the three of v1: every key is always there.
NOVOS_STATUS = {"em_atendimento", "aguardando_cliente", "fechado"}


async def test_metrics_on_an_empty_database(client):
    headers = await signup(client)
    geral = (await client.get("/metricas/", headers=headers)).json()
    assert geral["total_chamados"] == 0
    assert geral["taxa_resolucao_automatica"] == "0%"
    assert geral["tempo_medio_resposta_segundos"] == 0.0
    por_canal = (await client.get("/metricas/por-canal", headers=headers)).json()
    assert por_canal == {
        canal: {"total": 0, "resolvidos_automaticamente": 0, "taxa_resolucao": "0%"}
        for canal in ("site", "whatsapp", "email")
    }
    por_status = (await client.get("/metricas/por-status", headers=headers)).json()
    assert por_status == dict.fromkeys(NOVOS_STATUS | {"aberto", "resolvido", "encaminhado"}, 0)


async def test_metrics_count_exactly(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    await create_cliente(client, headers)
    await create_chamado(client, headers, cliente, "segunda via boleto", canal="site")
    await create_chamado(client, headers, cliente, "quero a fatura", canal="whatsapp")
    erro = await create_chamado(client, headers, cliente, "erro no sistema", canal="site")
    await client.put(f"/chamados/{erro['chamado_id']}?novo_status=encaminhado", headers=headers)

    geral = (await client.get("/metricas/", headers=headers)).json()
    assert geral["total_chamados"] == 3
    assert geral["total_clientes"] == 2
    assert geral["chamados_resolvidos_automaticamente"] == 2
    assert geral["chamados_encaminhados_para_humano"] == 1
    assert geral["taxa_resolucao_automatica"] == "66.7%"
    assert isinstance(geral["tempo_medio_resposta_segundos"], float)

    por_canal = (await client.get("/metricas/por-canal", headers=headers)).json()
    assert por_canal["site"] == {
        "total": 2,
        "resolvidos_automaticamente": 1,
        "taxa_resolucao": "50.0%",
    }
    assert por_canal["whatsapp"]["taxa_resolucao"] == "100.0%"
    assert por_canal["email"]["taxa_resolucao"] == "0%"

    por_status = (await client.get("/metricas/por-status", headers=headers)).json()
    assert por_status == {"aberto": 0, "resolvido": 2, "encaminhado": 1} | dict.fromkeys(
        NOVOS_STATUS, 0
    )


async def test_average_response_time_counts_automatic_and_operator_answers(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    first = await create_chamado(client, headers, cliente, "erro no app")
    second = await create_chamado(client, headers, cliente, "outro erro no app")
    # The tickets arrived 60 s and 120 s before the operator answers them: average 90 s.
    for criado, age in ((first, 60), (second, 120)):
        await abrir_em(db, datetime.now(UTC) - timedelta(seconds=age), criado["chamado_id"])
    for criado in (first, second):
        reply = await client.post(
            f"/chamados/{criado['chamado_id']}/respostas",
            json={"mensagem": "Estamos verificando."},
            headers=headers,
        )
        assert reply.status_code == 201
    # A second reply is not a first answer: it must not move the average.
    await client.post(
        f"/chamados/{first['chamado_id']}/respostas",
        json={"mensagem": "Resolvido."},
        headers=headers,
    )
    geral = (await client.get("/metricas/", headers=headers)).json()
    assert geral["chamados_respondidos"] == 2
    assert abs(geral["tempo_medio_resposta_segundos"] - 90.0) < 1.0

    auto = await create_chamado(client, headers, cliente, "segunda via do boleto")
    assert auto["resolvido_automaticamente"]
    geral = (await client.get("/metricas/", headers=headers)).json()
    assert geral["chamados_respondidos"] == 3
    assert geral["tempo_medio_resposta_segundos"] < 90.0 * 2 / 3 + 1.0


async def test_metrics_by_intent(client):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    await create_chamado(client, headers, cliente, "segunda via boleto")
    await create_chamado(client, headers, cliente, "segunda via da fatura")
    por_intencao = (await client.get("/metricas/por-intencao", headers=headers)).json()
    assert por_intencao["documento"]["total"] == 2


async def test_counters_match_a_full_recount_after_mixed_operations(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    mensagens = ["segunda via boleto", "erro no app", "valeu!", "quero falar com alguém", "oi"]
    criados = [
        await create_chamado(client, headers, cliente, mensagem, canal=canal)
        for mensagem, canal in zip(mensagens * 2, ["site", "whatsapp", "email"] * 4, strict=False)
    ]
    novos = ["encaminhado", "resolvido", "aberto", "resolvido"]
    for criado, novo in zip(criados[:4], novos, strict=True):
        await client.put(f"/chamados/{criado['chamado_id']}?novo_status={novo}", headers=headers)
    await client.post(
        f"/chamados/{criados[1]['chamado_id']}/respostas", json={"mensagem": "ok"}, headers=headers
    )
    served = {
        path: (await client.get(path, headers=headers)).json()
        for path in ("/metricas/", "/metricas/por-canal", "/metricas/por-status")
    }
    async with db.begin():
        await ContadorRepository(db).rebuild()
    recounted = {
        path: (await client.get(path, headers=headers)).json()
        for path in ("/metricas/", "/metricas/por-canal", "/metricas/por-status")
    }
    # julianday() on SQLite rounds sub-millisecond durations differently from Python.
    for metrics in (served, recounted):
        metrics["/metricas/"].pop("tempo_medio_resposta_segundos")
    assert served == recounted
    por_status = served["/metricas/por-status"]
    assert sum(por_status.values()) == served["/metricas/"]["total_chamados"] == 10
