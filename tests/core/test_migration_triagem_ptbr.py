"""Migration 0014 on a database with data: tickets the triage answered keep counting as resolved
automatically, handed-off ones do not; empresas start without links."""

from src.core import migrations
from tests.core.test_migration_conversas import OLD_DATA, scratch  # noqa: F401  (fixture)
from tests.core.test_migration_empresas import _run

AUTOMATICOS = "SELECT id, resolvido_automaticamente FROM chamados ORDER BY id"


def test_upgrade_marks_what_the_bot_resolved_and_downgrade_drops_it(scratch):  # noqa: F811
    url = scratch.database_url
    migrations.upgrade(scratch, "0006")
    _run(url, *OLD_DATA)
    migrations.upgrade(scratch, "0014")
    [rows] = _run(url, AUTOMATICOS)
    # 1 was answered by the bot; 2 and 3 were handed to a person.
    assert [(row[0], bool(row[1])) for row in rows] == [(1, True), (2, False), (3, False)]
    [[links]] = _run(url, "SELECT count(*) FROM empresas WHERE links IS NOT NULL")
    assert links[0] == 0
    migrations.downgrade(scratch, "0013")
    [chamados] = _run(url, "SELECT id FROM chamados ORDER BY id")
    assert chamados == [(1,), (2,), (3,)]
    migrations.upgrade(scratch, "0014")  # and back up: the flags are derived again
    assert [(r[0], bool(r[1])) for r in _run(url, AUTOMATICOS)[0]] == [
        (1, True),
        (2, False),
        (3, False),
    ]
