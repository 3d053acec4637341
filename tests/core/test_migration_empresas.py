"""Migration 0005 on a database with data (PostgreSQL or SQLite, as the suite runs): every row
moves into the default empresa with nothing lost, and the downgrade gives the same data back."""

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from src.core import migrations
from src.core.config import Settings

# Literal SQL (no bound values): the same text runs on PostgreSQL and SQLite.
OLD_DATA = [
    "INSERT INTO usuarios (id, username, email, hashed_password, papel, ativo, data_criacao, "
    "versao_token) VALUES "
    "(1, 'chefe', 'chefe@e.com.br', 'x', 'admin', TRUE, '2026-01-01 10:00:00', 'v1'), "
    "(2, 'ana', 'ana@e.com.br', 'x', 'atendente', TRUE, '2026-01-01 10:00:00', 'v2')",
    "INSERT INTO clientes (id, nome, email, canal_preferido, data_criacao) VALUES "
    "(1, 'Maria', 'maria@x.com.br', 'site', '2026-01-01 10:00:00'), "
    "(2, 'João', 'joao@x.com.br', 'email', '2026-01-01 10:00:00')",
    "INSERT INTO chamados (id, cliente_id, user_id, canal, mensagem, status, "
    "encaminhado_para_humano, intencao, prioridade, data_criacao, data_atualizacao) "
    "SELECT n, CASE WHEN n < 3 THEN 1 ELSE 2 END, 2, 'site', 'mensagem', 'aberto', TRUE, "
    "'geral', 'alta', '2026-01-01 10:00:00', '2026-01-01 10:00:00' "
    "FROM (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS numeros",
    "INSERT INTO respostas (id, chamado_id, autor_id, mensagem, data_criacao) "
    "VALUES (1, 1, 1, 'ok', '2026-01-01 10:00:00')",
    "INSERT INTO chaves_idempotencia (id, usuario_id, chave, impressao, status_code, corpo, "
    "data_criacao) VALUES (1, 2, 'chave-1', 'abc', 201, '{}', '2026-01-01 10:00:00')",
]
CONTENT = {
    "usuarios": "SELECT id, username, papel FROM usuarios ORDER BY id",
    "clientes": "SELECT id, email FROM clientes ORDER BY id",
    "chamados": "SELECT id, cliente_id, user_id, mensagem FROM chamados ORDER BY id",
    "respostas": "SELECT id, chamado_id, autor_id FROM respostas ORDER BY id",
    "chaves_idempotencia": "SELECT id, usuario_id, chave FROM chaves_idempotencia ORDER BY id",
}


def _run(url: str, *statements: str) -> list[list[tuple]]:
    async def run() -> list[list[tuple]]:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as connection:
                results = []
                for statement in statements:
                    result = await connection.execute(text(statement))
                    results.append([tuple(row) for row in result] if result.returns_rows else [])
                return results
        finally:
            await engine.dispose()

    return asyncio.run(run())


@pytest.fixture
def scratch(scratch_database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        app_env="test",
        database_url=scratch_database_url,
        empresa_padrao_nome="Central Exemplo",
    )


def test_upgrade_moves_everything_into_the_default_empresa_and_downgrade_returns_it(scratch):
    url = scratch.database_url
    migrations.upgrade(scratch, "0004")
    _run(url, *OLD_DATA)
    before = dict(zip(CONTENT, _run(url, *CONTENT.values()), strict=True))

    migrations.upgrade(scratch, "0006")  # respostas become threads in 0007 (its own test)
    [empresas] = _run(url, "SELECT id, nome, slug, ativa FROM empresas")
    assert [row[1:] for row in empresas] == [("Central Exemplo", "padrao", True)]
    padrao = empresas[0][0]
    assert dict(zip(CONTENT, _run(url, *CONTENT.values()), strict=True)) == before
    for table in CONTENT:
        [owners] = _run(url, f"SELECT DISTINCT empresa_id FROM {table}")  # noqa: S608
        assert owners == [(padrao,)], table
    # The oldest admin manages the platform after the upgrade; the counters count every ticket.
    [superadmins] = _run(url, "SELECT username FROM usuarios WHERE superadmin = TRUE")
    assert superadmins == [("chefe",)]
    [geral] = _run(
        url, "SELECT empresa_id, total FROM contadores_chamados WHERE dimensao = 'geral'"
    )
    assert geral == [(padrao, 3)]

    migrations.downgrade(scratch, "0004")
    assert dict(zip(CONTENT, _run(url, *CONTENT.values()), strict=True)) == before
    [geral] = _run(url, "SELECT total FROM contadores_chamados WHERE dimensao = 'geral'")
    assert geral == [(3,)]
    migrations.upgrade(scratch)


def test_downgrade_refuses_to_fold_several_empresas_into_one(scratch):
    migrations.upgrade(scratch)
    _run(
        scratch.database_url,
        "INSERT INTO empresas (nome, slug, ativa, data_criacao) "
        "VALUES ('B', 'b', TRUE, '2026-01-01 10:00:00')",
    )
    with pytest.raises(RuntimeError, match="2 empresas"):
        migrations.downgrade(scratch, "0004")
