import pytest

from src.core.database_url import normalize_database_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgresql://u:p@h/db", "postgresql+asyncpg://u:p@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u:p@h/db?sslmode=require", "postgresql+asyncpg://u:p@h/db?ssl=require"),
        ("sqlite:///./data/app.db", "sqlite+aiosqlite:///./data/app.db"),
        ("sqlite+aiosqlite:///./x.db", "sqlite+aiosqlite:///./x.db"),
    ],
)
def test_urls_from_hosts_map_to_async_drivers(raw, expected):
    assert normalize_database_url(raw) == expected


@pytest.mark.parametrize("raw", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_are_refused(raw):
    with pytest.raises(ValueError, match=r"DATABASE_URL|suportado"):
        normalize_database_url(raw)
