"""Nothing of one empresa reaches another: every operation of the API, walked from the OpenAPI
document, with the admin and the atendente of empresa B aimed at empresa A's rows."""

import json
import re

import pytest
from sqlalchemy import select

from src.models import Anexo, Mensagem, NotificacaoUsuario
from tests.empresas.test_empresas import login
from tests.factories import create_chamado, create_cliente, signup

# Text that exists only in empresa A's rows: it must never appear in an answer to B.
SEGREDO = "segredo-da-empresa-a"
PUBLIC = {
    ("GET", "/"),
    ("GET", "/health"),
    ("GET", "/health/ready"),
    ("POST", "/auth/signup"),
    ("POST", "/auth/login"),
    # The satisfaction survey: its unguessable token is the credential.
    ("GET", "/publico/csat/{token}"),
    ("POST", "/publico/csat/{token}"),
    # A provider's calls: the channel's unguessable path token (and signature) is the key.
    ("GET", "/canais/whatsapp/{token}/webhook"),
    ("POST", "/canais/whatsapp/{token}/webhook"),
    # A provider posting e-mail: the path token (and Mailgun's signature) is the key.
    ("POST", "/canais/email/{token}/entrada"),
    # The help center: the published articles of the empresa its slug names, for anyone.
    ("GET", "/publico/kb/{slug}/artigos"),
    ("GET", "/publico/kb/{slug}/artigos/{artigo_id}"),
    ("GET", "/publico/kb/{slug}/busca"),
}
# Platform routes: 403 for anyone but the platform administrator, whatever the id.
PLATFORM = {
    ("POST", "/empresas/"),
    ("GET", "/empresas/"),
    ("GET", "/empresas/{empresa_id}"),
    ("PATCH", "/empresas/{empresa_id}"),
}


def _config_whatsapp(dono: str) -> dict:
    return {
        "phone_number_id": "5550001111",
        "verify_token": f"verifica-{dono}",
        "app_secret": f"app-secret-{dono}",
        "access_token": f"EAA-token-{dono}",
    }


# A valid request for every operation that takes a body or a required query, aimed at A's ids
# ({...} is filled from them). A new route without an entry here fails the walk.
REQUESTS = {
    ("POST", "/chamados/"): {
        "json": {"cliente_id": "{cliente_id}", "canal": "site", "mensagem": "oi"}
    },
    ("POST", "/chamados/{chamado_id}/respostas"): {"json": {"mensagem": "resposta de B"}},
    ("PUT", "/chamados/{chamado_id}"): {"params": {"novo_status": "resolvido"}},
    ("PATCH", "/chamados/{chamado_id}"): {"json": {"status": "fechado", "prioridade": "alta"}},
    ("POST", "/chamados/{chamado_id}/atribuicao"): {
        "json": {"atendente_id": "{usuario_id}", "equipe_id": "{equipe_id}"}
    },
    ("PUT", "/usuarios/me/disponibilidade"): {"json": {"status": "online"}},
    ("POST", "/notificacoes/{notificacao_id}/lida"): {"params": {}},
    ("POST", "/etiquetas/"): {"json": {"nome": "etiqueta-de-b"}},
    ("PUT", "/chamados/{chamado_id}/etiquetas"): {"json": {"etiquetas": [SEGREDO]}},
    ("POST", "/respostas-prontas/"): {"json": {"titulo": "De B", "texto": "Olá"}},
    ("PATCH", "/respostas-prontas/{resposta_id}"): {"json": {"texto": "mudado por B"}},
    ("GET", "/respostas-prontas/{resposta_id}/preenchida"): {
        "params": {"chamado_id": "{chamado_id}"}
    },
    ("POST", "/chamados/{chamado_id}/mensagens"): {
        "json": {"mensagem": "mensagem de B", "remetente": "cliente"}
    },
    ("PATCH", "/usuarios/{usuario_id}"): {"json": {"ativo": False}},
    ("POST", "/clientes/"): {"json": {"nome": "Cliente de B", "email": "novo-b@exemplo.com.br"}},
    ("POST", "/usuarios/"): {
        "json": {"username": "novo.b", "email": "novo.b@b.com.br", "password": "senha-de-b-123"}
    },
    ("POST", "/empresas/"): {"json": {"nome": "Nova", "slug": "nova"}},
    ("PATCH", "/empresas/{empresa_id}"): {"json": {"ativa": False}},
    ("PATCH", "/empresas/atual"): {"json": {"janela_reabertura_dias": 1, "folgas": ["2026-12-24"]}},
    ("PUT", "/sla/politicas/{prioridade}"): {
        "json": {
            "primeira_resposta_minutos": 1,
            "resolucao_minutos": 2,
            "ao_violar_equipe_id": "{equipe_id}",
        }
    },
    ("POST", "/triagem/classificar"): {"json": {"mensagem": "preciso da segunda via"}},
    ("PUT", "/triagem/intencoes/{nome}"): {"json": {"resposta": "mudado por B"}},
    ("POST", "/triagem/intencoes"): {
        "json": {
            "nome": "intencao_de_b",
            "descricao": "De B",
            "prioridade": "baixa",
            "resposta": "Olá de B",
            "exemplos": ["um de b", "dois de b", "tres de b", "quatro de b", "cinco de b"],
        }
    },
    ("PUT", "/triagem/limiares"): {"json": {"confianca_minima": 0.95, "margem_minima": 0.5}},
    ("POST", "/equipes/"): {"json": {"nome": "Equipe de B", "membros": ["{usuario_id}"]}},
    ("PATCH", "/equipes/{equipe_id}"): {"json": {"membros": ["{usuario_id}"]}},
    ("POST", "/canais/"): {
        "json": {"tipo": "whatsapp", "nome": "Canal de B", "config": _config_whatsapp("de-b")}
    },
    ("PATCH", "/canais/{canal_id}"): {"json": {"nome": "mudado por B", "ativo": False}},
    ("POST", "/canais/{canal_id}/segredos"): {"json": {"access_token": "EAA-token-de-b-123"}},
    ("POST", "/chamados/{chamado_id}/modelo-whatsapp"): {"json": {"nome": "lembrete_fatura"}},
    ("POST", "/webhooks/"): {
        "json": {"url": "https://erp.b.com.br/eventos", "eventos": ["chamado.criado"]}
    },
    ("PATCH", "/webhooks/{webhook_id}"): {"json": {"ativo": False, "descricao": "de B"}},
    ("POST", "/webhooks/{webhook_id}/segredo"): {"params": {}},
    ("POST", "/webhooks/{webhook_id}/entregas/{entrega_id}/reenviar"): {"params": {}},
    ("PATCH", "/clientes/{cliente_id}"): {"json": {"nome": "mudado por B"}},
    ("POST", "/planos/"): {"json": {"nome": "Plano de B", "preco_mensal": "10.00"}},
    ("PATCH", "/planos/{plano_id}"): {"json": {"preco_mensal": "1.00", "ativo": False}},
    ("POST", "/contratos/"): {
        "json": {"cliente_id": "{cliente_id}", "plano_id": "{plano_id}", "dia_vencimento": 5}
    },
    ("PATCH", "/contratos/{contrato_id}"): {"json": {"status": "cancelado"}},
    ("POST", "/contratos/{contrato_id}/mudanca-plano"): {"json": {"plano_id": "{plano_id}"}},
    ("POST", "/faturas/"): {"json": {"contrato_id": "{contrato_id}", "competencia": "2099-12"}},
    ("PATCH", "/faturas/{fatura_id}"): {"json": {"status": "cancelada"}},
    ("POST", "/pagamentos/"): {
        "json": {"fatura_id": "{fatura_id}", "valor": "1.00", "meio": "pix"}
    },
    ("POST", "/kb/artigos"): {"json": {"titulo": "Artigo de B", "corpo": "Texto de B"}},
    ("PATCH", "/kb/artigos/{artigo_id}"): {"json": {"titulo": "mudado por B"}},
    ("POST", "/auth/me/senha"): {
        "json": {"senha_atual": "errada-de-proposito", "nova_senha": "outra-senha-123"}
    },
}
# Lists are read with every filter too: a filter must not open a door the list keeps shut.
LIST_QUERIES = {
    "/chamados/": [
        {},
        {"status_filtro": "aberto"},
        {"canal": "site"},
        {"limit": 100},
        {"sem_atendente": "true"},
        {"prioridade": "média"},
        {"atendente_id": "me"},
        {"sla_estado": "no_prazo"},
        {"ordenar": "sla", "limit": 100},
        {"etiqueta": SEGREDO},
    ],
    "/clientes/": [{}, {"limit": 100}],
    "/usuarios/": [{}, {"limit": 100}],
    "/equipes/": [{}, {"limit": 100}],
    "/notificacoes/": [{}, {"nao_lidas": "true"}],
    "/etiquetas/": [{}],
    "/respostas-prontas/": [{}],
    "/canais/": [{}, {"limit": 100}],
    "/webhooks/": [{}, {"limit": 100}],
    "/planos/": [{}, {"ativo": "true"}],
    "/contratos/": [{}, {"status": "ativo"}, {"cliente_id": "{cliente_id}"}],
    "/faturas/": [{}, {"status": "aberta"}, {"competencia": "2099-11"}],
    "/pagamentos/": [{}, {"fatura_id": "{fatura_id}"}],
    "/kb/artigos": [{}, {"publicado": "true"}],
}
# A's own intent (its answer holds the secret): B's catalog never shows it.
INTENCAO_DE_A = "intencao_secreta_de_a"

LIST_IDS = {
    "/chamados/": "chamado_id",
    "/clientes/": "cliente_id",
    "/usuarios/": "usuario_id",
    "/equipes/": "equipe_id",
    "/notificacoes/": "notificacao_id",
    "/etiquetas/": "etiqueta_id",
    "/respostas-prontas/": "resposta_id",
    "/canais/": "canal_id",
    "/webhooks/": "webhook_id",
    "/planos/": "plano_id",
    "/contratos/": "contrato_id",
    "/faturas/": "fatura_id",
    "/pagamentos/": "pagamento_id",
    "/kb/artigos": "artigo_id",
}


async def _notificacao(db, usuario: dict) -> int:
    """A notification of A's atendente, carrying A's secret."""
    notificacao = NotificacaoUsuario(
        empresa_id=usuario["empresa_id"],
        usuario_id=usuario["id"],
        tipo="sla_violado",
        texto=SEGREDO,
    )
    db.add(notificacao)
    await db.commit()
    return notificacao.id


async def _etiqueta_e_resposta_pronta(client, dono, chamado_id: int) -> dict[str, int]:
    etiqueta = await client.post("/etiquetas/", json={"nome": SEGREDO}, headers=dono)
    colada = await client.put(
        f"/chamados/{chamado_id}/etiquetas", json={"etiquetas": [SEGREDO]}, headers=dono
    )
    assert colada.status_code == 200, colada.text
    resposta = await client.post(
        "/respostas-prontas/", json={"titulo": SEGREDO, "texto": SEGREDO}, headers=dono
    )
    return {"etiqueta_id": etiqueta.json()["id"], "resposta_id": resposta.json()["id"]}


async def _intencao_de_a(client, dono) -> str:
    exemplos = [f"{SEGREDO} exemplo {n}" for n in range(5)]
    body = {
        "nome": INTENCAO_DE_A,
        "descricao": SEGREDO,
        "prioridade": "alta",
        "resposta": SEGREDO,
        "exemplos": exemplos,
    }
    criada = await client.post("/triagem/intencoes", json=body, headers=dono)
    assert criada.status_code == 201, criada.text
    return INTENCAO_DE_A


async def _canal_de_a(client, dono) -> int:
    """A's WhatsApp number: its name and secrets hold A's secret text."""
    body = {"tipo": "whatsapp", "nome": SEGREDO, "config": _config_whatsapp(SEGREDO)}
    criado = await client.post("/canais/", json=body, headers=dono)
    assert criado.status_code == 201, criado.text
    return criado.json()["id"]


async def _anexo_de_a(db, chamado_id: int) -> int:
    """A file that came with A's ticket (its bytes are A's secret)."""
    mensagem = await db.scalar(select(Mensagem).where(Mensagem.chamado_id == chamado_id))
    anexo = Anexo(
        empresa_id=mensagem.empresa_id,
        mensagem_id=mensagem.id,
        nome=f"{SEGREDO}.pdf",
        tipo="application/pdf",
        tamanho=len(SEGREDO),
        conteudo=SEGREDO.encode(),
    )
    db.add(anexo)
    await db.commit()
    return anexo.id


async def _webhook_de_a(client, dono) -> int:
    """A's endpoint: its address and description hold A's secret."""
    body = {
        "url": f"https://erp.a.com.br/{SEGREDO}",
        "eventos": ["chamado.criado"],
        "descricao": SEGREDO,
    }
    criado = await client.post("/webhooks/", json=body, headers=dono)
    assert criado.status_code == 201, criado.text
    return criado.json()["id"]


async def _entrega_de_a(client, dono, webhook_id: int) -> int:
    """The delivery of A's ticket to A's endpoint (its body carries A's secret)."""
    entregas = await client.get(f"/webhooks/{webhook_id}/entregas", headers=dono)
    return entregas.json()[0]["id"]


async def _crm_de_a(client, dono, cliente_id: int) -> dict[str, int]:
    """A's plan, contract, invoice and payment (the plan carries the secret)."""

    async def post(url, corpo):
        criado = await client.post(url, json=corpo, headers=dono)
        assert criado.status_code == 201, criado.text
        return criado.json()["id"]

    plano = await post("/planos/", {"nome": SEGREDO, "preco_mensal": "99.90"})
    contrato = await post(
        "/contratos/", {"cliente_id": cliente_id, "plano_id": plano, "dia_vencimento": 10}
    )
    fatura = await post("/faturas/", {"contrato_id": contrato, "competencia": "2099-11"})
    pagamento = await post("/pagamentos/", {"fatura_id": fatura, "valor": "9.90", "meio": "pix"})
    cobranca = {"pix_chave": "a@a.com.br", "recebedor": "A", "cidade": "Recife"}
    await client.patch("/empresas/atual", json={"cobranca": cobranca}, headers=dono)
    artigo = await client.post(
        "/kb/artigos",
        json={"titulo": SEGREDO, "corpo": f"Como pagar {SEGREDO}", "publicado": True},
        headers=dono,
    )
    assert artigo.status_code == 201, artigo.text
    return {
        "plano_id": plano,
        "contrato_id": contrato,
        "fatura_id": fatura,
        "pagamento_id": pagamento,
        "artigo_id": artigo.json()["id"],
    }


@pytest.fixture
async def empresas(client, db):
    """Empresa A (the default one) and B, each with an admin, an atendente, a cliente, a
    chamado and a reply; returns A's ids and the two B operators' headers."""
    dono = await signup(client, "dono")  # superadmin and A's admin
    atendente_a = await signup(client, "atendente.a")
    webhook_a = await _webhook_de_a(client, dono)
    cliente_a = await create_cliente(client, dono, nome=SEGREDO, email=f"{SEGREDO}@exemplo.com.br")
    chamado_a = await create_chamado(client, atendente_a, cliente_a["id"], mensagem=SEGREDO)
    resposta = await client.post(
        f"/chamados/{chamado_a['chamado_id']}/respostas", json={"mensagem": SEGREDO}, headers=dono
    )
    assert resposta.status_code == 201
    nota = await client.post(
        f"/chamados/{chamado_a['chamado_id']}/mensagens",
        json={"mensagem": SEGREDO, "interna": True},
        headers=dono,
    )
    assert nota.status_code == 201
    empresa_b = {
        "nome": "Empresa B",
        "slug": "empresa-b",
        "admin": {"username": "admin.b", "email": "admin@b.com.br", "password": "senha-de-b-123"},
    }
    created = await client.post("/empresas/", json=empresa_b, headers=dono)
    assert created.status_code == 201, created.text
    admin_b = await login(client, "admin.b", "senha-de-b-123")
    body = {"username": "atendente.b", "email": "at@b.com.br", "password": "senha-de-b-123"}
    assert (await client.post("/usuarios/", json=body, headers=admin_b)).status_code == 201
    atendente_b = await login(client, "atendente.b", "senha-de-b-123")
    cliente_b = await create_cliente(client, admin_b)
    await create_chamado(client, atendente_b, cliente_b["id"], mensagem="chamado de B")
    me_a = (await client.get("/auth/me", headers=atendente_a)).json()
    equipe_a = await client.post(
        "/equipes/",
        json={"nome": SEGREDO, "membros": [me_a["id"]], "intencoes": ["documento"]},
        headers=dono,
    )
    assert equipe_a.status_code == 201, equipe_a.text
    ids_a = {
        "cliente_id": cliente_a["id"],
        "chamado_id": chamado_a["chamado_id"],
        "usuario_id": me_a["id"],
        "empresa_id": me_a["empresa_id"],
        "equipe_id": equipe_a.json()["id"],
        "notificacao_id": await _notificacao(db, me_a),
        "prioridade": "alta",
        "nome": await _intencao_de_a(client, dono),
        "canal_id": await _canal_de_a(client, dono),
        **await _etiqueta_e_resposta_pronta(client, dono, chamado_a["chamado_id"]),
        "webhook_id": webhook_a,
        "anexo_id": await _anexo_de_a(db, chamado_a["chamado_id"]),
        "entrega_id": await _entrega_de_a(client, dono, webhook_a),
        **await _crm_de_a(client, dono, cliente_a["id"]),
    }
    return {"dono": dono, "a": ids_a, "b": {"admin": admin_b, "atendente": atendente_b}}


def _operations(app) -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if (method.upper(), path) not in PUBLIC
    ]


MISSING = dict.fromkeys(
    (
        "cliente_id",
        "chamado_id",
        "usuario_id",
        "empresa_id",
        "equipe_id",
        "notificacao_id",
        "etiqueta_id",
        "resposta_id",
        "canal_id",
        "webhook_id",
        "entrega_id",
        "anexo_id",
        "plano_id",
        "contrato_id",
        "fatura_id",
        "pagamento_id",
        "artigo_id",
    ),
    999_999,
) | {"prioridade": "alta", "nome": "intencao_que_nao_existe"}


async def _send(client, method, path, request, headers, ids):
    return await client.request(
        method,
        path.format(**ids),
        headers=headers,
        json=_fill(request.get("json"), ids),
        params=_fill(request.get("params"), ids),
    )


def _fill(value, ids: dict[str, int]):
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, ids) for item in value]
    if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value):
        return ids[value[1:-1]]
    return value


async def _snapshot(client, headers, ids) -> dict:
    """What A's own admin sees of A: it must be the same after B's attempts."""
    urls = [
        f"/clientes/{ids['cliente_id']}",
        f"/chamados/{ids['chamado_id']}",
        f"/chamados/{ids['chamado_id']}/respostas",
        f"/chamados/cliente/{ids['cliente_id']}",
        "/usuarios/",
        "/metricas/",
        "/metricas/por-status",
        "/empresas/atual",
        f"/equipes/{ids['equipe_id']}",
        "/triagem/intencoes",
        f"/canais/{ids['canal_id']}",
        f"/webhooks/{ids['webhook_id']}",
        f"/webhooks/{ids['webhook_id']}/entregas",
        f"/clientes/{ids['cliente_id']}/resumo",
        f"/planos/{ids['plano_id']}",
        f"/contratos/{ids['contrato_id']}/eventos",
        f"/faturas/{ids['fatura_id']}/pix",
        f"/kb/artigos/{ids['artigo_id']}/versoes",
        f"/kb/busca?q={SEGREDO}",
    ]
    return {url: (await client.get(url, headers=headers)).json() for url in urls}


async def test_empresa_b_cannot_reach_anything_of_empresa_a(app, client, empresas):
    ids_a = empresas["a"]
    before = await _snapshot(client, empresas["dono"], ids_a)
    operations = _operations(app)
    assert len(operations) >= 20
    for role, headers in empresas["b"].items():
        for method, path in operations:
            request = REQUESTS.get((method, path))
            if method in {"POST", "PUT", "PATCH"}:
                assert request is not None, f"{method} {path}: add a request to REQUESTS"
            request = request or {}
            response = await _send(client, method, path, request, headers, ids_a)
            where = f"{role}: {method} {path} -> {response.status_code} {response.text[:200]}"
            assert SEGREDO not in response.text, where
            if (method, path) in PLATFORM:
                assert response.status_code == 403, where
            if response.status_code == 403:
                # A refusal by role (platform routes; admin routes for the atendente) must be
                # the same for an id that exists nowhere: it says nothing about A's rows.
                assert (method, path) in PLATFORM or role == "atendente", where
                missing = await _send(client, method, path, request, headers, MISSING)
                assert (missing.status_code, missing.json()["detail"]) == (
                    403,
                    response.json()["detail"],
                ), where
            elif "{" in path:
                # An id of A is an id that does not exist: 404, never 403.
                assert response.status_code == 404, where
            elif _fill(request.get("json"), MISSING) != request.get("json"):
                # A's id in the body gets exactly the refusal an id that exists nowhere gets.
                missing = await _send(client, method, path, request, headers, MISSING)
                assert 400 <= response.status_code < 500, where
                assert (response.status_code, response.json()["code"]) == (
                    missing.status_code,
                    missing.json()["code"],
                ), where
            else:
                assert response.status_code < 500, where
            if method == "GET" and path in LIST_QUERIES and response.status_code == 200:
                for params in LIST_QUERIES[path]:
                    listed = await client.get(path, params=_fill(params, ids_a), headers=headers)
                    assert listed.status_code == 200, where
                    assert SEGREDO not in listed.text, where
                    found = {item["id"] for item in listed.json()}
                    assert ids_a[LIST_IDS[path]] not in found, where
    assert await _snapshot(client, empresas["dono"], ids_a) == before


async def test_b_sees_only_its_own_rows_and_metricas(client, empresas):
    for headers in empresas["b"].values():
        chamados = (await client.get("/chamados/", headers=headers)).json()
        assert [c["mensagem"] for c in chamados] == ["chamado de B"]
        clientes = (await client.get("/clientes/", headers=headers)).json()
        assert len(clientes) == 1
        metricas = (await client.get("/metricas/", headers=headers)).json()
        assert (metricas["total_chamados"], metricas["total_clientes"]) == (1, 1)
        por_status = (await client.get("/metricas/por-status", headers=headers)).json()
        assert sum(por_status.values()) == 1
        por_canal = (await client.get("/metricas/por-canal", headers=headers)).json()
        assert sum(grupo["total"] for grupo in por_canal.values()) == 1
        por_intencao = (await client.get("/metricas/por-intencao", headers=headers)).json()
        assert sum(grupo["total"] for grupo in por_intencao.values()) == 1
        sla = (await client.get("/metricas/sla", headers=headers)).json()
        assert sum(grupo["total"] for grupo in sla) == 1
        periodo = (await client.get("/metricas/periodo", headers=headers)).json()
        assert sum(dia["criados"] for dia in periodo) == 1
        atendentes = (await client.get("/metricas/atendentes", headers=headers)).json()
        assert SEGREDO not in str(atendentes)
        assert "atendente.a" not in str(atendentes)
    metricas_a = (await client.get("/metricas/", headers=empresas["dono"])).json()
    assert (metricas_a["total_chamados"], metricas_a["total_clientes"]) == (1, 1)


async def test_a_guessed_id_answers_exactly_like_a_missing_one(client, empresas):
    headers = empresas["b"]["atendente"]
    ids_a = empresas["a"]
    for template in ("/clientes/{}", "/chamados/{}", "/chamados/{}/respostas"):
        key = "cliente_id" if "clientes" in template else "chamado_id"
        theirs = await client.get(template.format(ids_a[key]), headers=headers)
        missing = await client.get(template.format(999_999), headers=headers)
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json()["detail"] == missing.json()["detail"]
        assert theirs.json()["code"] == missing.json()["code"]


async def test_ids_in_b_lists_never_belong_to_a(client, empresas):
    ids_a = empresas["a"]
    headers = empresas["b"]["admin"]
    chamados = (await client.get("/chamados/", params={"limit": 100}, headers=headers)).json()
    assert ids_a["chamado_id"] not in {c["id"] for c in chamados}
    assert json.dumps(chamados).count(SEGREDO) == 0


async def test_b_operators_coming_online_never_take_a_tickets(client, empresas):
    """A's ticket waits in A's queue (nobody of A online); B's operators coming online, with
    room to spare, must not pull it."""
    chamado_url = f"/chamados/{empresas['a']['chamado_id']}"
    assert (await client.get(chamado_url, headers=empresas["dono"])).json()["atendente_id"] is None
    for headers in empresas["b"].values():
        response = await client.put(
            "/usuarios/me/disponibilidade", json={"status": "online"}, headers=headers
        )
        assert response.status_code == 200
    assert (await client.get(chamado_url, headers=empresas["dono"])).json()["atendente_id"] is None
    # And A's own operator coming online does take it.
    me_a = await client.put(
        "/usuarios/me/disponibilidade", json={"status": "online"}, headers=empresas["dono"]
    )
    assert me_a.json()["chamados_em_aberto"] == 1


async def test_b_help_center_never_shows_a_articles(client, empresas):
    artigo_a = empresas["a"]["artigo_id"]
    lista = await client.get("/publico/kb/empresa-b/artigos")
    assert lista.status_code == 200
    assert lista.json() == []
    lido = await client.get(f"/publico/kb/empresa-b/artigos/{artigo_a}")
    assert lido.status_code == 404
    busca = await client.get("/publico/kb/empresa-b/busca", params={"q": SEGREDO})
    assert busca.json()["resultados"] == []
    # A's own help center does show it: the test above can fail.
    proprio = await client.get("/publico/kb/padrao/busca", params={"q": SEGREDO})
    assert [r["artigo_id"] for r in proprio.json()["resultados"]] == [artigo_a]
