"""Full-text search over tickets' messages (`GET /chamados/?q=`), one condition per database.

PostgreSQL matches Portuguese stems, accents ignored, through the GIN index of migration 0012
(the expression below must stay the index's own). SQLite matches whole words in its FTS5
table, accents ignored.
Both are conditions on the Mensagem entity, so the session scopes them to the empresa like any
other statement (core/tenancy.py).
"""

import re

from sqlalchemy import ColumnElement, bindparam, column, func, literal_column, select, table

from src.models import Chamado, Mensagem

# Portuguese stems after unaccent (migration 0012); the index is on this very expression.
_PORTUGUESE = literal_column("'portugues_sem_acento'::regconfig")
_FTS = table("mensagens_fts", column("rowid"))
_WORD = re.compile(r"\w+")


def _corresponde_pg() -> ColumnElement[bool]:
    return func.to_tsvector(_PORTUGUESE, Mensagem.mensagem).op("@@")(
        func.plainto_tsquery(_PORTUGUESE, bindparam("q"))
    )


def condicao_pelo_indice() -> ColumnElement[bool]:
    """PostgreSQL: the tickets of every matching message, collected through the GIN index
    first (MATERIALIZED keeps the planner from walking the newest tickets one by one instead,
    which for a rare word means all of them: 15 s at a million). Costs grow with the matches,
    so the lists try the newest tickets first (chamados/repository.py)."""
    encontrados = (
        select(Mensagem.chamado_id)
        .where(_corresponde_pg())
        .distinct()
        .cte("busca")
        .prefix_with("MATERIALIZED")
    )
    return Chamado.id.in_(select(encontrados.c.chamado_id))


def condicao(dialect: str) -> ColumnElement[bool]:
    """Chamado rows with a message matching :q (see `parametro`)."""
    if dialect == "postgresql":
        corresponde = _corresponde_pg()
    else:
        ids = select(_FTS.c.rowid).where(
            literal_column("mensagens_fts").op("MATCH")(bindparam("q"))
        )
        corresponde = Mensagem.id.in_(ids)
    return Chamado.id.in_(select(Mensagem.chamado_id).where(corresponde))


def parametro(q: str, dialect: str) -> str | None:
    """The value bound to :q; None when the text has no word to look for."""
    palavras = _WORD.findall(q)
    if not palavras:
        return None
    if dialect == "postgresql":
        return " ".join(palavras)  # plainto_tsquery: every word, AND
    return " ".join(f'"{palavra}"' for palavra in palavras)  # FTS5 strings: no operators
