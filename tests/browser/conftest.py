"""A real server on loopback and Debian's Chromium driven by Playwright, for pages that only a
browser can judge. Playwright never downloads a browser here: it drives /usr/bin/chromium."""

import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import uvicorn

from src.core import migrations
from src.core.config import Settings
from src.main import create_app
from tests.conftest import TEST_SECRET

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Not 127.0.0.1 nor "localhost": Swagger UI skips its online validator for those hosts only,
# so serving here proves the validator stays off for a real host name too.
HOST = "127.0.0.2"


def _unavailable(reason: str) -> None:
    # CI must run these tests: a missing browser there is a broken setup, not a skip.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
async def browser(chromium_path: str) -> AsyncIterator:
    # The async API: the sync one keeps an event loop running that the suite's own async
    # fixtures then trip over.
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        # --no-sandbox: CI and containers run as root, where Chromium's sandbox cannot start.
        chromium = await playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=["--no-sandbox"]
        )
        yield chromium
        await chromium.close()


@pytest.fixture(scope="session")
def expect(browser):
    """Playwright's `expect`, patient enough for a loaded CI machine."""
    from playwright.async_api import expect

    expect.set_options(timeout=30_000)
    return expect


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn in a thread, on its own SQLite database; yields its origin."""
    database = tmp_path_factory.mktemp("browser") / "app.db"
    settings = Settings(
        _env_file=None,
        app_env="test",
        database_url=f"sqlite+aiosqlite:///{database}",
        secret_key=TEST_SECRET,
        log_level="WARNING",
        rate_limit_enabled=False,
    )
    migrations.upgrade(settings)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
