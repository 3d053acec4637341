"""Satisfaction surveys: created on resolution, answered once without a login, in the
ticket's history; tokens are unguessable and never cross empresas."""

import pytest

from tests.factories import create_chamado, create_cliente, signup

ERRO = "meu sistema está com erro grave"


@pytest.fixture
async def operador(client):
    headers = await signup(client)
    cliente = await create_cliente(client, headers)
    return headers, cliente["id"]


async def _resolvido(client, headers, cliente_id) -> dict:
    criado = await create_chamado(client, headers, cliente_id, ERRO)
    url = f"/chamados/{criado['chamado_id']}"
    assert (await client.get(url, headers=headers)).json()["csat_url"] is None
    response = await client.patch(url, json={"status": "resolvido"}, headers=headers)
    return response.json()


async def test_resolving_creates_a_survey_answered_once_without_login(client, operador):
    headers, cliente_id = operador
    chamado = await _resolvido(client, headers, cliente_id)
    link = chamado["csat_url"]
    assert link.startswith("/publico/csat/")
    assert len(link.rsplit("/", 1)[1]) >= 32

    pesquisa = await client.get(link)  # no token needed
    assert pesquisa.status_code == 200
    assert pesquisa.json()["respondida"] is False
    assert pesquisa.json()["empresa"] == "Minha Empresa"
    resposta = await client.post(link, json={"nota": 4, "comentario": "Bom atendimento"})
    assert resposta.status_code == 201
    assert (resposta.json()["nota"], resposta.json()["respondida"]) == (4, True)

    de_novo = await client.post(link, json={"nota": 1})
    assert de_novo.status_code == 409
    assert de_novo.json()["code"] == "pesquisa_ja_respondida"
    depois = (await client.get(f"/chamados/{chamado['id']}", headers=headers)).json()
    assert depois["csat_nota"] == 4
    eventos = (await client.get(f"/chamados/{chamado['id']}/eventos", headers=headers)).json()
    assert eventos[-1]["tipo"] == "csat"
    assert eventos[-1]["dados"] == {"nota": 4, "comentario": "Bom atendimento"}
    assert eventos[-1]["usuario_id"] is None


async def test_automatic_answers_get_a_survey_too_and_reopening_keeps_it(client, operador):
    headers, cliente_id = operador
    criado = await create_chamado(client, headers, cliente_id, "segunda via boleto")
    url = f"/chamados/{criado['chamado_id']}"
    link = (await client.get(url, headers=headers)).json()["csat_url"]
    assert link is not None
    await client.patch(url, json={"status": "aberto"}, headers=headers)
    await client.patch(url, json={"status": "resolvido"}, headers=headers)
    assert (await client.get(url, headers=headers)).json()["csat_url"] == link


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"nota": 0}, 422),
        ({"nota": 6}, 422),
        ({"nota": "5"}, 422),
        ({"nota": 3.5}, 422),
        ({}, 422),
        ({"nota": 5, "comentario": "x" * 2001}, 422),
        ({"nota": 5, "extra": 1}, 422),
    ],
)
async def test_bad_answers_are_refused_and_keep_the_survey_open(client, operador, body, status):
    headers, cliente_id = operador
    link = (await _resolvido(client, headers, cliente_id))["csat_url"]
    assert (await client.post(link, json=body)).status_code == status
    assert (await client.get(link)).json()["respondida"] is False


async def test_unknown_or_malformed_tokens(client):
    assert (await client.get("/publico/csat/" + "A" * 32)).status_code == 404
    assert (await client.post("/publico/csat/" + "A" * 32, json={"nota": 5})).status_code == 404
    assert (await client.get("/publico/csat/curto")).status_code == 422
    assert (await client.get("/publico/csat/" + "%27or%201=1--" * 3)).status_code == 422
