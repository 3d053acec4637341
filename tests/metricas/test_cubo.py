"""The daily métricas rows follow every kind of write, and always equal a recount.

Each scenario drives the API, reads every report, recounts the rows from the chamados table
(`reconstruir_sessao`) and reads them again: the two must match to the last figure. Some
figures are also computed here straight from the tickets, independently of the rows.
"""

import math
import statistics
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from src.metricas.compactacao import compactar_dias_passados
from src.metricas.cubo_repository import reconstruir_sessao
from src.models import Chamado
from tests.factories import abrir_em, create_chamado, create_cliente, signup

DIAS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")
SEMPRE = {dia: {"abre": "00:00", "fecha": "00:00"} for dia in DIAS}
ERRO = "meu sistema está com erro grave"
RELATORIOS = [
    *(("/metricas/sla", {"agrupar_por": g}) for g in ("equipe", "atendente", "canal", "intencao")),
    ("/metricas/sla", {}),
    *(("/metricas/csat", {"agrupar_por": g}) for g in ("equipe", "atendente", "canal")),
    ("/metricas/csat", {}),
    ("/metricas/atendentes", {}),
    ("/metricas/periodo", {"intervalo": "dia"}),
    ("/metricas/periodo", {"intervalo": "mes"}),
]


@pytest.fixture
async def desk(client):
    admin = await signup(client, "chefe")
    ana, bia = await signup(client, "ana"), await signup(client, "bia")
    await client.patch("/empresas/atual", json={"expediente": SEMPRE}, headers=admin)
    ids = {}
    for nome, headers in (("ana", ana), ("bia", bia)):
        ids[nome] = (await client.get("/auth/me", headers=headers)).json()["id"]
        await client.put("/usuarios/me/disponibilidade", json={"status": "online"}, headers=headers)
    cliente = await create_cliente(client, admin)
    return {"admin": admin, "ana": ana, "bia": bia, "ids": ids, "cliente": cliente["id"]}


async def _relatorios(client, headers, extra: dict | None = None) -> list:
    respostas = []
    for path, params in RELATORIOS:
        response = await client.get(path, params=params | (extra or {}), headers=headers)
        assert response.status_code == 200, (path, response.text)
        respostas.append(response.json())
    return respostas


async def _confere_com_recontagem(client, db, headers) -> list:
    vivos = await _relatorios(client, headers)
    await reconstruir_sessao(db)
    await db.commit()
    assert await _relatorios(client, headers) == vivos
    return vivos


async def test_every_kind_of_write_keeps_the_rows_equal_to_a_recount(client, db, desk):
    admin, ana, bia = desk["admin"], desk["ana"], desk["bia"]
    equipe = await client.post(
        "/equipes/", json={"nome": "Financeiro", "membros": [desk["ids"]["bia"]]}, headers=admin
    )
    assert equipe.status_code == 201, equipe.text
    equipe_id = equipe.json()["id"]
    ids = []
    for canal in ("site", "whatsapp", "email", "whatsapp"):
        criado = await create_chamado(client, admin, desk["cliente"], ERRO, canal=canal)
        ids.append(criado["chamado_id"])
    automatico = await create_chamado(client, admin, desk["cliente"], "2 via do boleto")
    await abrir_em(db, datetime.now(UTC) - timedelta(days=3, minutes=7), ids[0])
    await abrir_em(db, datetime.now(UTC) - timedelta(minutes=42), ids[1])

    url = [f"/chamados/{i}" for i in ids]
    await client.post(f"{url[0]}/mensagens", json={"mensagem": "Olá"}, headers=ana)
    await client.post(f"{url[1]}/mensagens", json={"mensagem": "Vendo"}, headers=ana)
    await client.post(
        f"{url[1]}/mensagens", json={"mensagem": "nota", "interna": True}, headers=ana
    )
    resolvido = await client.patch(url[0], json={"status": "resolvido"}, headers=ana)
    await client.post(resolvido.json()["csat_url"], json={"nota": 4})
    # The customer writes again on the resolved ticket: it reopens.
    await client.post(
        f"{url[0]}/mensagens",
        json={
            "mensagem": "já é a terceira vez que peço, continua com erro",
            "remetente": "cliente",
        },
        headers=admin,
    )
    transferido = await client.post(
        f"{url[2]}/atribuicao", json={"equipe_id": equipe_id}, headers=admin
    )
    assert transferido.status_code == 200, transferido.text
    await client.post(f"{url[2]}/mensagens", json={"mensagem": "Oi"}, headers=bia)
    fechado = await client.patch(url[2], json={"status": "resolvido"}, headers=bia)
    await client.post(fechado.json()["csat_url"], json={"nota": 1})
    await client.patch(url[3], json={"status": "aguardando_cliente"}, headers=admin)
    await client.patch(url[1], json={"status": "fechado"}, headers=ana)
    assert automatico["resolvido_automaticamente"] is True

    relatorios = await _confere_com_recontagem(client, db, admin)

    chamados = (await db.scalars(select(Chamado))).all()
    por_canal = {g["grupo"]: g for g in relatorios[2]}
    for canal in ("site", "whatsapp", "email"):
        deste = [c for c in chamados if c.canal == canal and c.sla_estado is not None]
        assert por_canal[canal]["total"] == len(deste)
        assert por_canal[canal]["em_aberto"] == sum(
            c.status in ("aberto", "em_atendimento", "aguardando_cliente", "encaminhado")
            for c in deste
        )
    [csat] = relatorios[8]
    assert csat["distribuicao"] == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 0}
    periodo = relatorios[10]
    assert sum(d["criados"] for d in periodo) == len(chamados) == 5
    # Today and three days ago; 42 minutes ago is yesterday in São Paulo just after midnight.
    agora, fuso = datetime.now(UTC), ZoneInfo("America/Sao_Paulo")
    atras = (timedelta(0), timedelta(minutes=42), timedelta(days=3, minutes=7))
    assert len(periodo) == len({(agora - a).astimezone(fuso).date() for a in atras})
    atendentes = {a["atendente_id"]: a for a in relatorios[9]}
    for atendente_id in (None, desk["ids"]["ana"], desk["ids"]["bia"]):
        minutos = sorted(
            c.minutos_primeira_resposta
            for c in chamados
            if c.atendente_id == atendente_id and c.minutos_primeira_resposta is not None
        )
        tempo = atendentes[atendente_id]["primeira_resposta_minutos"]
        assert tempo["chamados"] == len(minutos) > 0
        assert tempo["media"] == round(statistics.mean(minutos), 1)
        assert tempo["p50"] == round(minutos[math.ceil(len(minutos) * 0.5) - 1], 1)
        assert tempo["p90"] == round(minutos[math.ceil(len(minutos) * 0.9) - 1], 1)

    # A deleted team's tickets (closed ones included) count as without a team.
    por_equipe = {g["grupo"]: g["total"] for g in relatorios[0]}
    assert por_equipe[equipe_id] == 1
    apagada = await client.delete(f"/equipes/{equipe_id}", headers=admin)
    assert apagada.status_code == 204
    depois = await _confere_com_recontagem(client, db, admin)
    assert equipe_id not in {g["grupo"] for g in depois[0]}
    assert sum(g["total"] for g in depois[0]) == sum(por_equipe.values())


async def test_percentiles_are_exact_at_the_tenth_of_a_minute(client, db, desk):
    tempos = [1.26, 12.34, 7.0, 7.04, 30.15, 2.5, 99.99]
    ausente = {"status": "ausente"}
    await client.put("/usuarios/me/disponibilidade", json=ausente, headers=desk["bia"])
    for minutos in tempos:
        criado = await create_chamado(client, desk["admin"], desk["cliente"], ERRO)
        chamado_id = criado["chamado_id"]
        await client.post(
            f"/chamados/{chamado_id}/mensagens", json={"mensagem": "Olá"}, headers=desk["ana"]
        )
        # The recorded business minutes, set as the SLA clock would have measured them.
        chamado = await db.get(Chamado, chamado_id)
        chamado.minutos_primeira_resposta = minutos
        await db.commit()
    [ana] = (await client.get("/metricas/atendentes", headers=desk["admin"])).json()
    tempo = ana["primeira_resposta_minutos"]
    ordenados = sorted(tempos)
    assert tempo["chamados"] == 7
    assert tempo["media"] == round(sum(tempos) / 7, 1)
    assert tempo["p50"] == round(ordenados[3], 1) == 7.0  # rank 4 of 7 (3.5 rounded up)
    assert tempo["p90"] == round(ordenados[6], 1) == 100.0  # rank 7 (6.3 rounded up)
    await _confere_com_recontagem(client, db, desk["admin"])


async def test_days_are_the_empresas_own_and_follow_a_change_of_zone(client, db, desk):
    admin = desk["admin"]
    await client.patch("/empresas/atual", json={"fuso_horario": "America/Noronha"}, headers=admin)
    criado = await create_chamado(client, admin, desk["cliente"], ERRO)
    # 02:30 UTC: 00:30 in Noronha (UTC-2), 23:30 of the day before in São Paulo (UTC-3).
    await abrir_em(db, datetime(2026, 3, 10, 2, 30, tzinfo=UTC), criado["chamado_id"])
    periodo = {"desde": "2026-03-01", "ate": "2026-03-31"}

    async def dias() -> list[str]:
        response = await client.get("/metricas/periodo", params=periodo, headers=admin)
        return [d["periodo"] for d in response.json()]

    assert await dias() == ["2026-03-10"]
    mudou = await client.patch(
        "/empresas/atual", json={"fuso_horario": "America/Sao_Paulo"}, headers=admin
    )
    assert mudou.status_code == 200, mudou.text
    assert await dias() == ["2026-03-09"]
    no_dia = {"desde": "2026-03-09", "ate": "2026-03-09"}
    [sla] = (await client.get("/metricas/sla", params=no_dia, headers=admin)).json()
    assert sla["total"] == 1
    await _confere_com_recontagem(client, db, admin)


async def test_a_period_counts_its_first_and_last_day_whole(client, db, desk):
    admin = desk["admin"]
    abertos = [
        datetime(2026, 5, 1, 3, 0, tzinfo=UTC),  # 00:00 of May 1st in São Paulo
        datetime(2026, 5, 1, 2, 59, tzinfo=UTC),  # 23:59 of April 30th
        datetime(2026, 5, 3, 2, 59, tzinfo=UTC),  # 23:59 of May 2nd
    ]
    for quando in abertos:
        criado = await create_chamado(client, admin, desk["cliente"], ERRO)
        await abrir_em(db, quando, criado["chamado_id"])
    params = {"desde": "2026-05-01", "ate": "2026-05-02"}
    [total] = (await client.get("/metricas/sla", params=params, headers=admin)).json()
    assert total["total"] == 2
    mes = await client.get("/metricas/periodo", params={"intervalo": "mes"}, headers=admin)
    assert [(m["periodo"], m["criados"]) for m in mes.json()] == [("2026-04", 1), ("2026-05", 2)]


async def test_past_days_are_folded_into_one_row_per_key_without_changing_a_figure(
    app, client, db, desk
):
    admin = desk["admin"]
    ids = []
    for canal in ("site", "whatsapp", "email", "site", "whatsapp", "site"):
        criado = await create_chamado(client, admin, desk["cliente"], ERRO, canal=canal)
        ids.append(criado["chamado_id"])
    # Many small transactions: the rows of their day spread over the write shards.
    for chamado_id in ids:
        await abrir_em(db, datetime.now(UTC) - timedelta(days=5), chamado_id)
        await client.patch(f"/chamados/{chamado_id}", json={"prioridade": "alta"}, headers=admin)
    antes = await _relatorios(client, admin)
    # Days before yesterday, and the all-days rows (their day is year 1).
    espalhadas = "SELECT count(*) FROM metricas_diarias WHERE shard <> 0 AND dia < :ontem"
    dias = {"ontem": (datetime.now(UTC) - timedelta(days=1)).date()}
    assert (await db.execute(text(espalhadas), dias)).scalar() > 0

    assert await compactar_dias_passados(app.state.sessionmaker) > 0
    assert (await db.execute(text(espalhadas), dias)).scalar() == 0
    assert await _relatorios(client, admin) == antes
    # A late change to a folded day still counts (here: a ticket of that day resolved now).
    await client.patch(f"/chamados/{ids[0]}", json={"status": "resolvido"}, headers=admin)
    await _confere_com_recontagem(client, db, admin)
