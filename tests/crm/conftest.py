"""A desk with a plan catalogue: an admin, an operator and a customer."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import create_cliente, signup


def hoje():
    return datetime.now(ZoneInfo("America/Sao_Paulo")).date()


@pytest.fixture
async def crm(client):
    admin = await signup(client, "gerente")
    ana = await signup(client, "ana")
    cliente = await create_cliente(client, admin, cpf_cnpj="390.533.447-05")
    planos = {}
    for nome, preco in (("Fibra 300", "99.90"), ("Fibra 600", 149.9)):
        criado = await client.post(
            "/planos/",
            json={"nome": nome, "preco_mensal": preco, "atributos": {"velocidade_mbps": 300}},
            headers=admin,
        )
        assert criado.status_code == 201, criado.text
        planos[nome] = criado.json()["id"]
    return {"admin": admin, "ana": ana, "cliente": cliente["id"], "planos": planos}


async def contratar(client, crm, plano="Fibra 300", **campos) -> dict:
    corpo = {
        "cliente_id": crm["cliente"],
        "plano_id": crm["planos"][plano],
        "dia_vencimento": 10,
        **campos,
    }
    criado = await client.post("/contratos/", json=corpo, headers=crm["admin"])
    assert criado.status_code == 201, criado.text
    return criado.json()


async def faturar(client, crm, contrato_id, competencia="2099-11", **campos) -> dict:
    corpo = {"contrato_id": contrato_id, "competencia": competencia, **campos}
    criada = await client.post("/faturas/", json=corpo, headers=crm["admin"])
    assert criada.status_code == 201, criada.text
    return criada.json()


async def configurar_cobranca(client, crm) -> None:
    cobranca = {
        "pix_chave": "financeiro@fibraboa.com.br",
        "recebedor": "Fibra Boa Telecom Ltda",
        "cidade": "São Paulo",
        "convenio": "1234567",
        "carteira": "17",
    }
    feito = await client.patch("/empresas/atual", json={"cobranca": cobranca}, headers=crm["admin"])
    assert feito.status_code == 200, feito.text
