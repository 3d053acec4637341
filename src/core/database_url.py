"""Turn the database URLs that hosts hand out into the async drivers this service uses."""

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

_ASYNC_DRIVERS = {
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+psycopg": "postgresql+asyncpg",
    "postgresql+psycopg2": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
    "sqlite+pysqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
}


def normalize_database_url(raw: str) -> str:
    """Accept `postgres://`, `postgresql://` and `sqlite:///` URLs as Azure and compose give them.

    SQLAlchemy 2.1 maps a bare `postgresql://` to psycopg 3, so the async driver is made explicit.
    """
    try:
        url = make_url(raw.strip())
    except ArgumentError as exc:
        raise ValueError("DATABASE_URL inválida") from exc
    driver = _ASYNC_DRIVERS.get(url.drivername)
    if driver is None:
        raise ValueError(f"Banco não suportado em DATABASE_URL: {url.drivername}")
    url = url.set(drivername=driver)
    if driver.startswith("postgresql"):
        url = _translate_sslmode(url)
    return url.render_as_string(hide_password=False)


def _translate_sslmode(url: URL) -> URL:
    # libpq spells it `sslmode`; asyncpg takes `ssl` with the same values.
    query = dict(url.query)
    if "sslmode" in query:
        query["ssl"] = query.pop("sslmode")
    return url.set(query=query)
