"""The knowledge base: versioned articles, the public help center and hybrid search."""

from tests.factories import signup

CORPO_BOLETO = """Você pode emitir a segunda via do boleto a qualquer momento.

## Pelo aplicativo

Abra o aplicativo, toque em **Faturas** e escolha o mês. O código de barras aparece na tela.

## Pelo WhatsApp

Mande "segunda via" para o nosso número e o assistente responde com o boleto atualizado.
"""
CORPO_WIFI = """A senha da rede sem fio pode ser trocada pelo aplicativo ou pelo roteador.

## No roteador

Acesse http://192.168.0.1, entre com o usuário admin e altere o nome e a senha da rede.
"""


async def _artigo(client, headers, titulo, corpo, publicado=True, **campos):
    criado = await client.post(
        "/kb/artigos",
        json={"titulo": titulo, "corpo": corpo, "publicado": publicado, **campos},
        headers=headers,
    )
    assert criado.status_code == 201, criado.text
    return criado.json()


async def test_articles_are_versioned_with_who_and_when(client):
    admin = await signup(client, "chefe")
    ana = await signup(client, "ana")
    artigo = await _artigo(client, admin, "Segunda via", CORPO_BOLETO, categoria="Financeiro")
    assert (artigo["versao"], artigo["publicado"]) == (1, True)
    mudado = await client.patch(
        f"/kb/artigos/{artigo['id']}", json={"titulo": "Segunda via do boleto"}, headers=ana
    )
    assert mudado.json()["versao"] == 2
    igual = await client.patch(
        f"/kb/artigos/{artigo['id']}", json={"titulo": "Segunda via do boleto"}, headers=ana
    )
    assert igual.json()["versao"] == 2  # nothing changed, no new version
    versoes = (await client.get(f"/kb/artigos/{artigo['id']}/versoes", headers=ana)).json()
    assert [(v["versao"], v["titulo"]) for v in versoes] == [
        (2, "Segunda via do boleto"),
        (1, "Segunda via"),
    ]
    eu = (await client.get("/auth/me", headers=ana)).json()
    assert versoes[0]["usuario_id"] == eu["id"]
    repetido = await client.post(
        "/kb/artigos", json={"titulo": "Segunda via do boleto", "corpo": "x"}, headers=ana
    )
    assert repetido.status_code == 409
    assert (await client.delete(f"/kb/artigos/{artigo['id']}", headers=ana)).status_code == 403
    assert (await client.delete(f"/kb/artigos/{artigo['id']}", headers=admin)).status_code == 204
    assert (await client.get(f"/kb/artigos/{artigo['id']}", headers=ana)).status_code == 404


async def test_search_stems_highlights_and_ranks_the_right_passage_first(client):
    admin = await signup(client, "chefe")
    boleto = await _artigo(client, admin, "Como emitir a segunda via do boleto", CORPO_BOLETO)
    wifi = await _artigo(client, admin, "Trocar a senha do Wi-Fi", CORPO_WIFI)
    busca = await client.get(
        "/kb/busca", params={"q": "quero os boletos pelo aplicativo"}, headers=admin
    )
    assert busca.status_code == 200, busca.text
    corpo = busca.json()
    primeiro = corpo["resultados"][0]
    assert (primeiro["artigo_id"], primeiro["secao"]) == (boleto["id"], "Pelo aplicativo")
    assert "<mark>aplicativo</mark>" in primeiro["destaque"]
    assert primeiro["pontuacao_texto"] > 0
    assert primeiro["url_publica"] == f"/publico/kb/padrao/artigos/{boleto['id']}"
    senha = await client.get(
        "/kb/busca", params={"q": "mudar senha da rede", "modo": "texto"}, headers=admin
    )
    assert senha.json()["resultados"][0]["artigo_id"] == wifi["id"]
    nada = await client.get("/kb/busca", params={"q": "xyzzy"}, headers=admin)
    assert nada.json()["resultados"] == []


async def test_an_edit_is_searchable_at_once(client):
    admin = await signup(client, "chefe")
    artigo = await _artigo(client, admin, "Trocar a senha do Wi-Fi", CORPO_WIFI)
    antes = await client.get("/kb/busca", params={"q": "repetidor mesh"}, headers=admin)
    assert antes.json()["resultados"] == []
    novo = CORPO_WIFI + "\n## Cobertura\n\nPara a casa toda, use um repetidor ou um kit mesh.\n"
    await client.patch(f"/kb/artigos/{artigo['id']}", json={"corpo": novo}, headers=admin)
    depois = await client.get("/kb/busca", params={"q": "repetidor mesh"}, headers=admin)
    assert [r["secao"] for r in depois.json()["resultados"]] == ["Cobertura"]


async def test_the_public_help_center_shows_only_published_articles(client):
    admin = await signup(client, "chefe")
    publicado = await _artigo(client, admin, "Segunda via do boleto", CORPO_BOLETO)
    rascunho = await _artigo(client, admin, "Rascunho do Wi-Fi", CORPO_WIFI, publicado=False)
    lista = await client.get("/publico/kb/padrao/artigos")
    assert [a["id"] for a in lista.json()] == [publicado["id"]]
    assert (await client.get(f"/publico/kb/padrao/artigos/{publicado['id']}")).status_code == 200
    assert (await client.get(f"/publico/kb/padrao/artigos/{rascunho['id']}")).status_code == 404
    assert (await client.get("/publico/kb/nao-existe/artigos")).status_code == 404
    busca = await client.get("/publico/kb/padrao/busca", params={"q": "senha da rede roteador"})
    assert all(r["artigo_id"] != rascunho["id"] for r in busca.json()["resultados"])
    interna = await client.get("/kb/busca", params={"q": "senha da rede roteador"}, headers=admin)
    assert interna.json()["resultados"][0]["artigo_id"] == rascunho["id"]
    await client.patch(f"/kb/artigos/{rascunho['id']}", json={"publicado": True}, headers=admin)
    agora = await client.get("/publico/kb/padrao/busca", params={"q": "senha da rede roteador"})
    assert agora.json()["resultados"][0]["artigo_id"] == rascunho["id"]
