"""Bench data: a fresh database, an operator inserted with SQL, some clientes and chamados
through the API, and the bulk through SQL (then counters rebuilt and statistics refreshed)."""

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass

import asyncpg
from sqlalchemy.engine import make_url

from src.core.config import Settings
from src.core.database_url import normalize_database_url
from src.core.security import hash_password, new_token_version
from src.metricas.cli import reconstruir_tudo

BENCH_USER = "bench"
BENCH_PASSWORD = "senha-do-benchmark-123"  # noqa: S105  (throwaway local account)

# The contract's five intents with the keyword rules' answers. Row g of a load that will hold
# `$4` rows in all is created ($4 - g) * 30 s before `$5` (ids grow with time); canal and intent
# cycle independently; a seventh of the unresolved ones are "encaminhado" and a third of them
# already got an operator's answer.
_CHAMADOS_SQL = """
WITH i(k, intencao, resolvido, prioridade, resposta, frase) AS (VALUES
      (0, 'documento', true, 'baixa',
       '📄 Clique aqui para acessar suas faturas e segunda via de boletos.',
       'Preciso da segunda via do boleto, pedido'),
      (1, 'gerenciamento_plano', true, 'média',
       '📋 Para gerenciar seu plano, acesse ''Minha Conta'' no menu principal.',
       'Quero fazer upgrade do meu plano, conta'),
      (2, 'problema_tecnico', false, 'alta',
       '⚠️ Seu chamado foi registrado como prioritário. Um especialista entrará em contato '
       'em breve.',
       'O aplicativo está com erro ao entrar, protocolo'),
      (3, 'agradecimento', true, 'baixa',
       '😊 De nada! Fico feliz em ajudar. Qualquer dúvida, estarei aqui.',
       'Muito obrigado pelo atendimento, chamado'),
      (4, 'geral', false, 'média',
       '👋 Obrigado pelo contato! Seu chamado foi registrado. Responderemos em breve.',
       'Gostaria de saber o horário da loja, cadastro')
)
INSERT INTO chamados (empresa_id, cliente_id, user_id, atendente_id, canal, mensagem, status,
    resposta_automatica, encaminhado_para_humano, intencao, prioridade, confianca, triagem_backend,
    versao_catalogo, data_criacao, data_atualizacao, data_primeira_resposta,
    data_resolucao, sla_estado, sla_vence_em, minutos_primeira_resposta, minutos_resolucao,
    csat_nota)
SELECT (SELECT id FROM empresas WHERE slug = 'padrao'), $1 + (g::bigint * 7919) % $2, $3,
       -- A quarter of the tickets handed to people are the bench operator's queue.
       CASE WHEN NOT i.resolvido AND g % 4 = 0 THEN $3::int END,
       (ARRAY['site', 'whatsapp', 'email'])[1 + g % 3],
       i.frase || ' ' || g,
       CASE WHEN i.resolvido THEN 'resolvido' WHEN g % 7 = 0 THEN 'encaminhado' ELSE 'aberto' END,
       i.resposta, NOT i.resolvido, i.intencao, i.prioridade, 0.9, 'keywords', 'bench',
       t.criado, t.criado,
       CASE WHEN i.resolvido THEN t.criado + interval '20 milliseconds'
            WHEN g % 3 = 0 THEN t.criado + make_interval(secs => 60 + g % 3600) END,
       CASE WHEN i.resolvido THEN t.criado + interval '20 milliseconds' END,
       -- SLA and times as the service would have left them (issue 11 métricas and lists).
       CASE WHEN i.resolvido THEN 'cumprido' WHEN g % 11 = 0 THEN 'violado'
            WHEN g % 5 = 2 THEN 'em_risco' ELSE 'no_prazo' END,
       CASE WHEN NOT i.resolvido THEN t.criado + make_interval(mins => 60 + g % 480) END,
       CASE WHEN i.resolvido THEN 0.0 WHEN g % 3 = 0 THEN (60 + g % 3600) / 60.0 END,
       CASE WHEN i.resolvido THEN 0.0 END,
       CASE WHEN i.resolvido AND g % 4 = 0 THEN 1 + g % 5 END
FROM generate_series($6::int, $7::int) AS g
JOIN i ON i.k = g % 5
CROSS JOIN LATERAL (SELECT $5::timestamptz - make_interval(secs => ($4 - g) * 30.0)) AS t(criado)
"""


@dataclass(frozen=True, slots=True)
class Dataset:
    user_id: int
    first_cliente: int
    last_cliente: int
    last_chamado: int = 0  # chamado ids run from 1 (the sequence of a fresh database)


def asyncpg_dsn(url: str) -> str:
    return (
        make_url(normalize_database_url(url))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )


def check_bench_url(url: str) -> str:
    """Only a local database whose name says it is the bench's may be dropped and refilled."""
    parsed = make_url(normalize_database_url(url))
    if parsed.host not in {"127.0.0.1", "localhost"}:
        raise SystemExit("BENCH_DATABASE_URL precisa apontar para 127.0.0.1")
    if not parsed.database or "bench" not in parsed.database:
        raise SystemExit("o nome do banco em BENCH_DATABASE_URL precisa conter 'bench'")
    if not parsed.database.replace("_", "").isalnum():
        raise SystemExit("nome de banco inválido em BENCH_DATABASE_URL")
    return parsed.database


async def recreate_database(url: str) -> None:
    name = check_bench_url(url)
    admin = await asyncpg.connect(
        make_url(asyncpg_dsn(url)).set(database="postgres").render_as_string(hide_password=False)
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def insert_operator(url: str) -> int:
    """The operator the load logs in as, inserted with SQL (public sign-up may be closed).
    Bench rows belong to the empresa the migrations create, as on a single-company install."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await connection.fetchval(
            "INSERT INTO usuarios "
            "(username, email, hashed_password, papel, ativo, superadmin, data_criacao, "
            "versao_token, empresa_id) VALUES ($1, $2, $3, 'admin', true, false, now(), $4, "
            "(SELECT id FROM empresas WHERE slug = 'padrao')) RETURNING id",
            BENCH_USER,
            "bench@exemplo.com.br",
            hash_password(BENCH_PASSWORD),
            new_token_version(),
        )
    finally:
        await connection.close()


def _post(url: str, data: bytes, content_type: str, token: str | None = None) -> dict:
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def login(base_url: str) -> str:
    form = urllib.parse.urlencode({"username": BENCH_USER, "password": BENCH_PASSWORD}).encode()
    return _post(f"{base_url}/auth/login", form, "application/x-www-form-urlencoded")[
        "access_token"
    ]


def seed_through_api(base_url: str, token: str, clientes: int) -> list[int]:
    """A few clientes and one chamado each through the real endpoints."""
    ids = []
    for n in range(clientes):
        cliente = {
            "nome": f"Cliente API {n}",
            "email": f"api{n}@bench.exemplo.com.br",
            "canal_preferido": ("site", "whatsapp", "email")[n % 3],
        }
        created = _post(
            f"{base_url}/clientes/", json.dumps(cliente).encode(), "application/json", token
        )
        ids.append(created["id"])
        chamado = {
            "cliente_id": created["id"],
            "canal": cliente["canal_preferido"],
            "mensagem": f"Olá, preciso da segunda via do boleto (cadastro {n})",
        }
        _post(f"{base_url}/chamados/", json.dumps(chamado).encode(), "application/json", token)
    return ids


async def bulk_clientes(url: str, count: int) -> tuple[int, int]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute(
            "INSERT INTO clientes "
            "(empresa_id, nome, email, telefone, canal_preferido, data_criacao) "
            "SELECT (SELECT id FROM empresas WHERE slug = 'padrao'), 'Cliente ' || g, "
            "'cliente' || g || '@bench.exemplo.com.br', "
            "'+55 11 9' || lpad((g % 100000000)::text, 8, '0'), "
            "(ARRAY['site', 'whatsapp', 'email'])[1 + g % 3], now() "
            "FROM generate_series(1, $1::int) AS g",
            count,
        )
        first, last = await connection.fetchrow("SELECT min(id), max(id) FROM clientes")
        return first, last
    finally:
        await connection.close()


async def bulk_chamados(
    url: str, dataset: Dataset, first_row: int, last_row: int, total: int
) -> None:
    """Rows first_row..last_row of a history of `total` chamados, in batches of 100k."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        now = await connection.fetchval("SELECT now() - interval '1 hour'")
        span = dataset.last_cliente - dataset.first_cliente + 1
        for start in range(first_row, last_row + 1, 100_000):
            end = min(start + 99_999, last_row)
            await connection.execute(
                _CHAMADOS_SQL, dataset.first_cliente, span, dataset.user_id, total, now, start, end
            )
    finally:
        await connection.close()


_MENSAGENS_SQL = """
INSERT INTO mensagens (empresa_id, chamado_id, autor_tipo, autor_id, interna, canal, mensagem,
    data_criacao)
SELECT empresa_id, id, 'cliente', cliente_id, false, canal, mensagem, data_criacao
FROM chamados WHERE id BETWEEN $1 AND $2
"""


async def bulk_mensagens(url: str, first_id: int, last_id: int) -> None:
    """Each bulk ticket's opening message in its thread (what search looks through)."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        for start in range(first_id, last_id + 1, 100_000):
            await connection.execute(_MENSAGENS_SQL, start, min(start + 99_999, last_id))
    finally:
        await connection.close()


async def rebuild_counters_and_analyze(url: str) -> None:
    """Bulk rows bypass the service: recount the /metricas counters and the daily métricas,
    then refresh statistics (VACUUM also sets the visibility map that index-only scans need)."""
    settings = Settings(
        _env_file=None, app_env="development", database_url=url, secret_key="x" * 48
    )
    await reconstruir_tudo(settings)
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


async def count_chamados(url: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await connection.fetchval("SELECT count(*) FROM chamados")
    finally:
        await connection.close()


async def max_chamado_id(url: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return await connection.fetchval("SELECT coalesce(max(id), 0) FROM chamados")
    finally:
        await connection.close()


async def backends_since(url: str, last_id: int) -> str:
    """Which triage backend really classified the new chamados (as stored with each one)."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await connection.fetch(
            "SELECT coalesce(triagem_backend, '?') AS backend, count(*) AS n FROM chamados "
            "WHERE id > $1 GROUP BY 1 ORDER BY 2 DESC",
            last_id,
        )
    finally:
        await connection.close()
    return ", ".join(f"{row['backend']} {row['n']}" for row in rows) or "nenhum"
