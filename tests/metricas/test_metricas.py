from datetime import timedelta

from sqlalchemy import update

from src.models import Chamado
from tests.factories import create_chamado, create_cliente, signup


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
    assert por_status == {"aberto": 0, "resolvido": 0, "encaminhado": 0}


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
    assert por_status == {"aberto": 0, "resolvido": 2, "encaminhado": 1}


async def test_average_response_time_is_measured_from_stored_timestamps(client, db):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    first = await create_chamado(client, headers, cliente, "erro no app")
    second = await create_chamado(client, headers, cliente, "outro erro no app")
    # Operators answer after 60 s and 120 s: the average must be 90 s.
    for criado, delay in ((first, 60), (second, 120)):
        row = await db.get(Chamado, criado["chamado_id"])
        await db.execute(
            update(Chamado)
            .where(Chamado.id == row.id)
            .values(data_primeira_resposta=row.data_criacao + timedelta(seconds=delay))
        )
    await db.commit()
    geral = (await client.get("/metricas/", headers=headers)).json()
    assert abs(geral["tempo_medio_resposta_segundos"] - 90.0) < 0.01
    assert geral["chamados_respondidos"] == 2


async def test_metrics_by_intent(client):
    headers = await signup(client)
    cliente = (await create_cliente(client, headers))["id"]
    await create_chamado(client, headers, cliente, "segunda via boleto")
    await create_chamado(client, headers, cliente, "segunda via da fatura")
    por_intencao = (await client.get("/metricas/por-intencao", headers=headers)).json()
    assert por_intencao["documento"]["total"] == 2
