"""Migration 0016 on a database with tickets: the daily métricas start as a recount of them,
on the empresa's calendar days; `atendimento metricas reconstruir` gives the same rows."""

from src.core import migrations
from tests.core.test_migration_conversas import OLD_DATA, scratch  # noqa: F401  (fixture)
from tests.core.test_migration_empresas import _run

TOTAIS = (
    "SELECT dia, sum(chamados), sum(resolvidos), sum(sla_chamados) FROM metricas_diarias "
    "WHERE dimensao = 'total' GROUP BY dia ORDER BY dia"
)
POR_CANAL = (
    "SELECT valor, sum(chamados) FROM metricas_diarias WHERE dimensao = 'canal' "
    "GROUP BY valor ORDER BY valor"
)


def test_upgrade_counts_the_existing_tickets_and_downgrade_drops_the_rows(scratch):  # noqa: F811
    url = scratch.database_url
    migrations.upgrade(scratch, "0006")
    _run(url, *OLD_DATA)
    migrations.upgrade(scratch, "0016")
    [totais, por_canal] = _run(url, TOTAIS, POR_CANAL)
    # 10:00 UTC is 07:00 in São Paulo: each ticket stays on its day; only the first resolved.
    assert [(str(dia)[:10], int(c), int(r), int(s)) for dia, c, r, s in totais] == [
        ("2026-01-01", 1, 1, 0),
        ("2026-01-02", 1, 0, 0),
        ("2026-01-03", 1, 0, 0),
    ]
    assert [(v, int(n)) for v, n in por_canal] == [("email", 1), ("site", 1), ("whatsapp", 1)]
    migrations.downgrade(scratch, "0015")
    [chamados] = _run(url, "SELECT count(*) FROM chamados")
    assert chamados[0][0] == 3
    migrations.upgrade(scratch, "0016")
    assert _run(url, TOTAIS)[0] == totais
