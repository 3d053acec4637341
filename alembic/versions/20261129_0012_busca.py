"""busca: full-text search over the messages of tickets

PostgreSQL: a GIN index on to_tsvector of the text search configuration `portugues_sem_acento`
(Portuguese stemming, "faturas" finds "fatura", after `unaccent`, "nao" finds "não").
SQLite: an FTS5 table over mensagens kept by triggers, accents ignored (FTS5 has no
Portuguese stemmer).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE mensagens_fts USING fts5(mensagem, content='mensagens', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER mensagens_fts_ai AFTER INSERT ON mensagens BEGIN "
    "INSERT INTO mensagens_fts(rowid, mensagem) VALUES (new.id, new.mensagem); END",
    "CREATE TRIGGER mensagens_fts_ad AFTER DELETE ON mensagens BEGIN "
    "INSERT INTO mensagens_fts(mensagens_fts, rowid, mensagem) "
    "VALUES ('delete', old.id, old.mensagem); END",
    "CREATE TRIGGER mensagens_fts_au AFTER UPDATE OF mensagem ON mensagens BEGIN "
    "INSERT INTO mensagens_fts(mensagens_fts, rowid, mensagem) "
    "VALUES ('delete', old.id, old.mensagem); "
    "INSERT INTO mensagens_fts(rowid, mensagem) VALUES (new.id, new.mensagem); END",
    "INSERT INTO mensagens_fts(mensagens_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER mensagens_fts_au",
    "DROP TRIGGER mensagens_fts_ad",
    "DROP TRIGGER mensagens_fts_ai",
    "DROP TABLE mensagens_fts",
)


POSTGRES_UP = (
    # A trusted extension since PostgreSQL 13: the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION portugues_sem_acento (COPY = portuguese)",
    "ALTER TEXT SEARCH CONFIGURATION portugues_sem_acento "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem",
    "CREATE INDEX ix_mensagens_busca ON mensagens "
    "USING gin (to_tsvector('portugues_sem_acento'::regconfig, mensagem))",
)
POSTGRES_DOWN = (
    "DROP INDEX ix_mensagens_busca",
    "DROP TEXT SEARCH CONFIGURATION portugues_sem_acento",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_UP:
            op.execute(statement)
    else:
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DOWN:
            op.execute(statement)
    else:
        for statement in SQLITE_DOWN:
            op.execute(statement)
