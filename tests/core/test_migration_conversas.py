"""Migration 0007 on a database with data: every chamado's opening message, automatic answer
and operator replies land in its thread, in order, with nothing lost; each chamado gets its
`criado` and `triado` history; the downgrade gives the replies back."""

import pytest

from src.core import migrations
from src.core.config import Settings
from tests.core.test_migration_empresas import _run

OLD_DATA = [
    "INSERT INTO usuarios (id, username, email, hashed_password, papel, ativo, data_criacao, "
    "versao_token, empresa_id, superadmin) "
    "SELECT 1, 'ana', 'ana@e.com.br', 'x', 'atendente', TRUE, '2026-01-01 10:00:00', 'v1', id, "
    "FALSE FROM empresas",
    "INSERT INTO clientes (id, nome, email, canal_preferido, data_criacao, empresa_id) "
    "SELECT 1, 'Maria', 'maria@x.com.br', 'site', '2026-01-01 10:00:00', id FROM empresas",
    # 1: answered by the bot; 2: handed to a person who replied twice; 3: no answer text.
    "INSERT INTO chamados (id, cliente_id, user_id, canal, mensagem, status, resposta_automatica, "
    "encaminhado_para_humano, intencao, prioridade, confianca, data_criacao, data_atualizacao, "
    "data_primeira_resposta, empresa_id) SELECT 1, 1, 1, 'whatsapp', 'segunda via', "
    "'resolvido', 'Aqui está o boleto', FALSE, 'documento', 'baixa', 0.9, "
    "'2026-01-01 10:00:00', '2026-01-01 10:00:00', '2026-01-01 10:00:01', id FROM empresas",
    "INSERT INTO chamados (id, cliente_id, user_id, canal, mensagem, status, resposta_automatica, "
    "encaminhado_para_humano, intencao, prioridade, data_criacao, data_atualizacao, "
    "data_primeira_resposta, empresa_id) SELECT 2, 1, 1, 'email', 'sem internet', 'aberto', "
    "'Vamos verificar', TRUE, 'problema_tecnico', 'alta', '2026-01-02 10:00:00', "
    "'2026-01-02 11:00:00', '2026-01-02 10:30:00', id FROM empresas",
    "INSERT INTO chamados (id, cliente_id, user_id, canal, mensagem, status, "
    "encaminhado_para_humano, intencao, prioridade, data_criacao, data_atualizacao, empresa_id) "
    "SELECT 3, 1, NULL, 'site', 'oi', 'encaminhado', TRUE, 'geral', 'média', "
    "'2026-01-03 10:00:00', '2026-01-03 10:00:00', id FROM empresas",
    "INSERT INTO respostas (id, chamado_id, autor_id, mensagem, data_criacao, empresa_id) "
    "SELECT 7, 2, 1, 'Reinicie o modem', '2026-01-02 10:30:00', id FROM empresas",
    "INSERT INTO respostas (id, chamado_id, autor_id, mensagem, data_criacao, empresa_id) "
    "SELECT 8, 2, NULL, 'Voltou?', '2026-01-02 11:00:00', id FROM empresas",
]
THREADS = (
    "SELECT chamado_id, autor_tipo, autor_id, interna, canal, mensagem FROM mensagens "
    "ORDER BY chamado_id, data_criacao, id"
)
RESPOSTAS = "SELECT chamado_id, autor_id, mensagem, data_criacao FROM respostas ORDER BY id"


@pytest.fixture
def scratch(scratch_database_url: str) -> Settings:
    return Settings(_env_file=None, app_env="test", database_url=scratch_database_url)


def test_upgrade_moves_tickets_into_threads_and_downgrade_returns_the_replies(scratch):
    url = scratch.database_url
    migrations.upgrade(scratch, "0006")
    _run(url, *OLD_DATA)
    [respostas_antes] = _run(url, RESPOSTAS)

    migrations.upgrade(scratch, "0007")
    [thread] = _run(url, THREADS)
    assert [tuple(row[:2]) + tuple(row[5:]) for row in thread] == [
        (1, "cliente", "segunda via"),
        (1, "bot", "Aqui está o boleto"),
        (2, "cliente", "sem internet"),
        (2, "bot", "Vamos verificar"),
        (2, "atendente", "Reinicie o modem"),
        (2, "atendente", "Voltou?"),
        (3, "cliente", "oi"),
    ]
    assert {row[4] for row in thread if row[0] == 2} == {"email"}
    assert [row[2] for row in thread if row[1] == "atendente"] == [1, None]
    assert not any(row[3] for row in thread)
    [historico] = _run(url, "SELECT chamado_id, tipo FROM chamado_eventos ORDER BY id")
    assert sorted(historico) == sorted(
        [(n, tipo) for n in (1, 2, 3) for tipo in ("criado", "triado")]
    )
    [resolvidos] = _run(url, "SELECT id FROM chamados WHERE data_resolucao IS NOT NULL")
    assert resolvidos == [(1,)]

    migrations.downgrade(scratch, "0006")
    [respostas_depois] = _run(url, RESPOSTAS)
    assert [row[:3] for row in respostas_depois] == [row[:3] for row in respostas_antes]
    migrations.upgrade(scratch)


def test_downgrade_refuses_to_drop_customer_follow_ups(scratch):
    url = scratch.database_url
    migrations.upgrade(scratch, "0006")
    _run(url, *OLD_DATA[:3])
    migrations.upgrade(scratch, "0007")
    _run(
        url,
        "INSERT INTO mensagens (chamado_id, autor_tipo, autor_id, interna, canal, mensagem, "
        "data_criacao, empresa_id) SELECT 1, 'cliente', 1, FALSE, 'whatsapp', 'não abriu', "
        "'2026-01-05 10:00:00', id FROM empresas",
    )
    with pytest.raises(RuntimeError, match="mensagens de clientes"):
        migrations.downgrade(scratch, "0006")
