"""The KB as a triage signal: a routine automatic answer quotes the confident article."""

from tests.factories import create_cliente, signup
from tests.kb.test_kb import CORPO_BOLETO, CORPO_WIFI

MENSAGEM = "segunda via boleto"


async def _chamado(client, headers, cliente_id, mensagem=MENSAGEM):
    criado = await client.post(
        "/chamados/",
        json={"cliente_id": cliente_id, "canal": "whatsapp", "mensagem": mensagem},
        headers=headers,
    )
    assert criado.status_code == 201, criado.text
    return criado.json()


async def _artigo(client, headers, titulo, corpo, publicado=True):
    criado = await client.post(
        "/kb/artigos",
        json={"titulo": titulo, "corpo": corpo, "publicado": publicado},
        headers=headers,
    )
    assert criado.status_code == 201
    return criado.json()


async def test_the_automatic_answer_quotes_the_published_article_with_its_link(client):
    admin = await signup(client, "chefe")
    cliente = await create_cliente(client, admin)
    generico = await _chamado(client, admin, cliente["id"])
    assert generico["resolvido_automaticamente"] is True
    assert generico["resposta"].startswith("📄 Você pode emitir a segunda via")

    artigo = await _artigo(client, admin, "Como emitir a segunda via do boleto", CORPO_BOLETO)
    await _artigo(client, admin, "Trocar a senha do Wi-Fi", CORPO_WIFI)
    citado = await _chamado(client, admin, cliente["id"])
    assert citado["resolvido_automaticamente"] is True
    assert "segunda via do boleto a qualquer momento" in citado["resposta"]
    assert citado["resposta"].endswith(f"/publico/kb/padrao/artigos/{artigo['id']}")


async def test_drafts_and_unsure_matches_leave_the_generic_answer(client):
    admin = await signup(client, "chefe")
    cliente = await create_cliente(client, admin)
    await _artigo(client, admin, "Segunda via do boleto", CORPO_BOLETO, publicado=False)
    rascunho = await _chamado(client, admin, cliente["id"])
    assert rascunho["resposta"].startswith("📄 Você pode emitir a segunda via")
    # A message the triage hands to a person is never answered from the KB either.
    await _artigo(client, admin, "Trocar a senha do Wi-Fi", CORPO_WIFI)
    humano = await _chamado(client, admin, cliente["id"], "quero cancelar tudo, péssimo serviço")
    assert humano["resolvido_automaticamente"] is False
    assert "senha" not in (humano["resposta"] or "")
