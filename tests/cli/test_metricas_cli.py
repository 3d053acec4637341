"""`atendimento metricas reconstruir`: after a bulk load made outside the API, the métricas are
recounted from the tickets."""

import sqlite3

from tests.cli.test_cli_errors import atendimento
from tests.core.test_migration_conversas import OLD_DATA

TOTAL = "SELECT sum(chamados) FROM metricas_diarias WHERE dimensao = 'total'"


def test_a_bulk_load_is_counted_after_the_recount(tmp_path):
    assert atendimento(tmp_path, "db", "upgrade").returncode == 0
    with sqlite3.connect(tmp_path / "cli.db") as database:
        for statement in OLD_DATA[:4]:  # a user, a cliente, two tickets: straight SQL
            database.execute(statement)
        assert database.execute(TOTAL).fetchone() == (None,)
    result = atendimento(tmp_path, "metricas", "reconstruir")
    assert result.returncode == 0, result.stderr
    assert "Métricas recalculadas" in result.stdout
    with sqlite3.connect(tmp_path / "cli.db") as database:
        assert database.execute(TOTAL).fetchone() == (2,)
        contadores = "SELECT sum(total) FROM contadores_chamados WHERE dimensao = 'geral'"
        assert database.execute(contadores).fetchone() == (2,)
