"""The demo load: a fresh install gets a living empresa, visible through the API."""

import pytest

from src.demo.carga import DemoExistenteError, carregar
from tests.empresas.test_empresas import login

SENHA = "senha-da-demo-123"


async def test_the_demo_fills_an_empresa_an_operator_can_work_in(app, client):
    resumo = await carregar(
        app.state.sessionmaker, app.state.triagens, clientes=12, chamados_abertos=6, senha=SENHA
    )
    assert (resumo.clientes, resumo.faturas, resumo.chamados) == (12, 36, 6)
    admin = await login(client, "demo.admin", SENHA)
    clientes = (await client.get("/clientes/", params={"limit": 100}, headers=admin)).json()
    assert len(clientes) == 12
    assert all(c["cpf_cnpj"] and c["endereco"] for c in clientes)
    planos = (await client.get("/planos/", headers=admin)).json()
    assert [p["nome"] for p in planos][:2] == ["Fibra 300 Mega", "Fibra 500 Mega"]

    resumos = [
        (await client.get(f"/clientes/{c['id']}/resumo", headers=admin)).json() for c in clientes
    ]
    assert all(len(r["contratos"]) == 1 for r in resumos)
    assert sum(len(r["ultimos_pagamentos"]) for r in resumos) == resumo.pagamentos
    assert sum(len(r["chamados_recentes"]) for r in resumos) == 6
    # The empresa can bill: an open invoice has a boleto and a PIX.
    abertas = [f for r in resumos for f in r["faturas_em_aberto"]]
    if abertas:
        boleto = await client.get(f"/faturas/{abertas[0]['id']}/boleto", headers=admin)
        assert boleto.status_code == 200, boleto.text
    atendente = await login(client, "juliana.suporte", SENHA)
    visto = await client.get(f"/clientes/{clientes[0]['id']}", headers=atendente)
    assert visto.json()["cpf_cnpj"].startswith("***.")

    with pytest.raises(DemoExistenteError):
        await carregar(app.state.sessionmaker, app.state.triagens, clientes=1, senha=SENHA)
