"""Each empresa edits its own triage catalog (/triagem/intencoes, /triagem/limiares) and the
next tickets use it; other empresas never see it."""

from tests.empresas.test_empresas import login
from tests.factories import create_chamado, create_cliente, signup

CARNE = {
    "nome": "carne_da_loja",
    "descricao": "Segunda via do carnê de pagamento da loja",
    "prioridade": "baixa",
    "resposta_automatica": True,
    "resposta": "🧾 Olá, {{cliente.nome}}! O carnê fica em {{empresa.link_segunda_via}}",
    "exemplos": [
        "perdi o carnê da loja",
        "preciso das parcelas do carnê",
        "manda o carnê de novo",
        "carnê da loja de móveis",
        "não achei o meu carnê",
        "quero o carnê das prestações",
        "cadê o carnê da compra do sofá",
        "como pego outro carnê",
    ],
}


async def _classificar(client, headers, mensagem: str) -> dict:
    response = await client.post(
        "/triagem/classificar", json={"mensagem": mensagem}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_admin_changes_an_answer_and_the_next_ticket_uses_it(client):
    admin = await signup(client)
    resposta = "📄 Segunda via em {{empresa.link_segunda_via}} — {{empresa.nome}}"
    alterada = await client.put(
        "/triagem/intencoes/documento", json={"resposta": resposta}, headers=admin
    )
    assert alterada.status_code == 200, alterada.text
    assert alterada.json()["personalizada"] is True
    assert alterada.json()["resposta"] == resposta
    cliente = await create_cliente(client, admin)
    criado = await create_chamado(client, admin, cliente["id"], "segunda via do boleto")
    assert criado["resposta"] == (
        "📄 Segunda via em https://minhaempresa.com.br/segunda-via — Minha Empresa"
    )
    catalogo = (await client.get("/triagem/intencoes", headers=admin)).json()
    documento = next(i for i in catalogo["intencoes"] if i["nome"] == "documento")
    assert documento["personalizada"] is True
    # Back to the installation's answer.
    assert (await client.delete("/triagem/intencoes/documento", headers=admin)).status_code == 204
    criado = await create_chamado(client, admin, cliente["id"], "segunda via do boleto")
    assert criado["resposta"].startswith("📄 Você pode emitir a segunda via")


async def test_an_intent_can_stop_answering_by_itself(client):
    admin = await signup(client)
    await client.put(
        "/triagem/intencoes/documento", json={"resposta_automatica": False}, headers=admin
    )
    triagem = await _classificar(client, admin, "segunda via do boleto")
    assert (triagem["resolveria_automaticamente"], triagem["encaminharia"]) == (False, True)


async def test_a_created_intent_is_learned_in_the_background(app, client):
    admin = await signup(client)
    antes = await _classificar(client, admin, "perdi o carnê das parcelas do sofá")
    assert antes["intencao"] != "carne_da_loja"
    criada = await client.post("/triagem/intencoes", json=CARNE, headers=admin)
    assert criada.status_code == 201, criada.text
    await _classificar(client, admin, "oi")  # the next request starts the fit
    await app.state.triagens.aguardar_ajustes()
    depois = await _classificar(client, admin, "perdi o carnê das parcelas do sofá")
    assert depois["intencao"] == "carne_da_loja"
    assert depois["resolveria_automaticamente"] is True
    assert depois["resposta"] == "🧾 Olá! O carnê fica em https://minhaempresa.com.br/segunda-via"
    repetida = await client.post("/triagem/intencoes", json=CARNE, headers=admin)
    assert repetida.status_code == 409


async def test_other_empresas_keep_the_installation_catalog(app, client):
    dono = await signup(client)  # the platform administrator, admin of the default empresa
    empresa_b = {
        "nome": "Loja B",
        "slug": "loja-b",
        "admin": {"username": "admin.b", "email": "admin@b.com.br", "password": "senha-de-b-123"},
    }
    assert (await client.post("/empresas/", json=empresa_b, headers=dono)).status_code == 201
    admin_b = await login(client, "admin.b", "senha-de-b-123")
    await client.post("/triagem/intencoes", json=CARNE, headers=dono)
    await client.put(
        "/triagem/intencoes/documento", json={"resposta": "só da empresa A"}, headers=dono
    )
    await _classificar(client, dono, "oi")
    await app.state.triagens.aguardar_ajustes()
    catalogo_b = (await client.get("/triagem/intencoes", headers=admin_b)).json()
    assert "carne_da_loja" not in {i["nome"] for i in catalogo_b["intencoes"]}
    assert not any(i["personalizada"] for i in catalogo_b["intencoes"])
    triagem_b = await _classificar(client, admin_b, "segunda via do boleto")
    assert triagem_b["resposta"] != "só da empresa A"
    assert (await _classificar(client, admin_b, "perdi o carnê"))["intencao"] != "carne_da_loja"


async def test_thresholds_are_per_empresa(client):
    admin = await signup(client)
    padrao = (await client.get("/triagem/intencoes", headers=admin)).json()["limiares"]
    assert padrao == {"confianca_minima": 0.7, "margem_minima": 0.4, "padrao": True}
    assert (await _classificar(client, admin, "2 via"))["resolveria_automaticamente"] is True
    body = {"confianca_minima": 0.99, "margem_minima": 0.9}
    assert (await client.put("/triagem/limiares", json=body, headers=admin)).status_code == 200
    assert (await _classificar(client, admin, "2 via"))["resolveria_automaticamente"] is False
    limiares = (await client.get("/triagem/intencoes", headers=admin)).json()["limiares"]
    assert limiares == {**body, "padrao": False}


async def test_bad_catalog_changes_get_a_clear_answer(client):
    admin = await signup(client)
    atendente = await signup(client)
    casos = [
        ("PUT", "/triagem/intencoes/documento", {"resposta": "link: {{empresa.senha}}"}, 422),
        ("PUT", "/triagem/intencoes/nao_existe", {"prioridade": "alta"}, 404),
        ("PUT", "/triagem/intencoes/geral", {"resposta_automatica": True}, 409),
        ("PUT", "/triagem/intencoes/saudacao", {"resposta_automatica": True}, 409),
        ("PUT", "/triagem/intencoes/Documento!", {"prioridade": "alta"}, 422),
        ("POST", "/triagem/intencoes", {**CARNE, "exemplos": ["só um"]}, 422),
        ("POST", "/triagem/intencoes", {**CARNE, "nome": "documento"}, 409),
        ("DELETE", "/triagem/intencoes/nao_existe", None, 404),
        ("PUT", "/triagem/limiares", {"confianca_minima": 2, "margem_minima": 0.1}, 422),
    ]
    for method, url, body, esperado in casos:
        response = await client.request(method, url, json=body, headers=admin)
        assert response.status_code == esperado, (url, body, response.text)
        assert response.json()["detail"], url
    negado = await client.put("/triagem/intencoes/documento", json={}, headers=atendente)
    assert negado.status_code == 403


async def test_changing_an_answer_keeps_the_fitted_model(app, client):
    admin = await signup(client)
    await client.post("/triagem/intencoes", json=CARNE, headers=admin)
    await _classificar(client, admin, "oi")
    await app.state.triagens.aguardar_ajustes()
    await client.put(
        "/triagem/intencoes/carne_da_loja", json={"prioridade": "média"}, headers=admin
    )
    # No new fit is needed, none is waited for: the empresa's model answers at once.
    depois = await _classificar(client, admin, "perdi o carnê das parcelas do sofá")
    assert (depois["intencao"], depois["prioridade"]) == ("carne_da_loja", "média")
