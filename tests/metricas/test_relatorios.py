"""Métricas over tickets: SLA compliance, CSAT, per operator (mean, p50, p90) and per day."""

from datetime import timedelta

import pytest

from src.models.base import utcnow
from tests.factories import abrir_em, create_chamado, create_cliente, signup

ERRO = "meu sistema está com erro grave"
DIAS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")
SEMPRE = {dia: {"abre": "00:00", "fecha": "00:00"} for dia in DIAS}


@pytest.fixture
async def desk(client):
    admin = await signup(client, "chefe")
    ana = await signup(client, "ana")
    await client.patch("/empresas/atual", json={"expediente": SEMPRE}, headers=admin)
    ana_id = (await client.get("/auth/me", headers=ana)).json()["id"]
    await client.put("/usuarios/me/disponibilidade", json={"status": "online"}, headers=ana)
    cliente = await create_cliente(client, admin)
    return {"admin": admin, "ana": ana, "ana_id": ana_id, "cliente": cliente["id"]}


async def _respondido_em(client, db, desk, minutos: int) -> int:
    """A ticket Ana answers `minutos` after it was opened, then resolves; CSAT 5."""
    criado = await create_chamado(client, desk["admin"], desk["cliente"], ERRO)
    chamado_id = criado["chamado_id"]
    aberto = utcnow() - timedelta(minutes=minutos)
    await abrir_em(db, aberto, chamado_id)
    url = f"/chamados/{chamado_id}"
    await client.post(f"{url}/mensagens", json={"mensagem": "Olá"}, headers=desk["ana"])
    resolvido = await client.patch(url, json={"status": "resolvido"}, headers=desk["ana"])
    await client.post(resolvido.json()["csat_url"], json={"nota": 5 if minutos < 50 else 2})
    return chamado_id


async def test_operator_times_are_mean_and_nearest_rank_percentiles(client, db, desk):
    for minutos in (10, 20, 30, 40, 100):
        await _respondido_em(client, db, desk, minutos)
    response = await client.get("/metricas/atendentes", headers=desk["admin"])
    assert response.status_code == 200, response.text
    [ana] = response.json()
    assert (ana["atendente_id"], ana["username"]) == (desk["ana_id"], "ana")
    tempo = ana["primeira_resposta_minutos"]
    assert tempo["chamados"] == 5
    assert tempo["media"] == pytest.approx(40, abs=0.5)
    assert tempo["p50"] == pytest.approx(30, abs=0.5)
    assert tempo["p90"] == pytest.approx(100, abs=0.5)
    assert ana["em_aberto"] == 0
    assert ana["csat_media"] == pytest.approx((5 * 4 + 2) / 5)


async def test_sla_csat_and_period_figures(client, db, desk):
    await _respondido_em(client, db, desk, 10)
    await _respondido_em(client, db, desk, 100)  # past the 60-minute first-answer target
    await create_chamado(client, desk["admin"], desk["cliente"], ERRO)  # still open

    [sla] = (await client.get("/metricas/sla", headers=desk["admin"])).json()
    assert sla["total"] == 3
    assert sla["em_aberto"] == 1
    assert sla["primeira_resposta"]["cumpridos"] + sla["primeira_resposta"]["violados"] == 2
    por_canal = (
        await client.get("/metricas/sla", params={"agrupar_por": "canal"}, headers=desk["admin"])
    ).json()
    assert [g["grupo"] for g in por_canal] == ["site"]

    [csat] = (await client.get("/metricas/csat", headers=desk["admin"])).json()
    assert csat["respostas"] == 2
    assert csat["csat"] == "50.0%"
    assert csat["distribuicao"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}

    hoje = (await client.get("/metricas/periodo", headers=desk["admin"])).json()
    assert sum(d["criados"] for d in hoje) == 3
    assert sum(d["resolvidos"] for d in hoje) == 2
    futuro = (utcnow() + timedelta(days=3)).date().isoformat()
    vazio = await client.get("/metricas/periodo", params={"desde": futuro}, headers=desk["admin"])
    assert vazio.json() == []
    for params in ({"intervalo": "hora"}, {"desde": "ontem"}, {"agrupar_por": "cliente"}):
        path = (
            "/metricas/periodo" if "intervalo" in params or "desde" in params else "/metricas/sla"
        )
        assert (await client.get(path, params=params, headers=desk["admin"])).status_code == 422


async def test_period_bounds_at_the_calendar_edges_are_not_errors(client, desk):
    await create_chamado(client, desk["admin"], desk["cliente"], ERRO)
    for params in (
        {"ate": "9999-12-31"},
        {"desde": "0001-01-01"},
        {"desde": "2030-01-01", "ate": "2020-01-01"},
    ):
        response = await client.get("/metricas/periodo", params=params, headers=desk["admin"])
        assert response.status_code == 200, params
    for bad in ({"desde": "0"}, {"ate": "2026-02-30"}, {"desde": "29/11/2026"}):
        response = await client.get("/metricas/sla", params=bad, headers=desk["admin"])
        assert response.status_code == 422, bad
