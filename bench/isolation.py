"""The cost of the empresa boundary per request, measured in process.

The app runs in this process on PostgreSQL (an ASGI client, no network and no load generator
in the way) and answers the same authenticated GETs with the session's empresa hooks on and
off, in alternating rounds; each figure is the median of the rounds. End to end the difference
is within the noise of a request, so the time spent inside the hooks is also timed directly.
Only reads are measured: without the hooks an INSERT would not be stamped with its empresa.

    python -m bench.isolation        # BENCH_ISOLATION_URL to use another database
"""

import asyncio
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from httpx import ASGITransport, AsyncClient
from sqlalchemy import event

from bench import seed
from src.core import migrations, tenancy
from src.core.config import Settings
from src.main import create_app
from src.triage.config import TriageSettings

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/atendimento_bench_isolamento"
ROUNDS = 15
REQUESTS_PER_ROUND = 200
_HOOKS = (
    ("do_orm_execute", tenancy._scope_statement),
    ("before_flush", tenancy._stamp_new_objects),
)


@contextmanager
def hooks_replaced(wrap: Callable[[Callable], Callable] | None) -> Iterator[None]:
    """The session's empresa hooks swapped for `wrap(hook)`, or removed when wrap is None."""
    replacements = [(name, wrap(hook)) for name, hook in _HOOKS] if wrap else []
    for name, hook in _HOOKS:
        event.remove(tenancy.TenantSession, name, hook)
    for name, replacement in replacements:
        event.listen(tenancy.TenantSession, name, replacement)
    try:
        yield
    finally:
        for name, replacement in replacements:
            event.remove(tenancy.TenantSession, name, replacement)
        for name, hook in _HOOKS:
            event.listen(tenancy.TenantSession, name, hook)


def timer(spent: list[float]) -> Callable[[Callable], Callable]:
    """Wraps a hook so each call's duration (seconds) is appended to `spent`."""

    def wrap(hook: Callable) -> Callable:
        def timed(*args):
            started = time.perf_counter()
            try:
                return hook(*args)
            finally:
                spent.append(time.perf_counter() - started)

        return timed

    return wrap


async def _seed(client: AsyncClient) -> tuple[dict[str, str], list[str]]:
    signup = {"username": "bench", "email": "bench@exemplo.com.br", "password": "senha-bench-123"}
    token = (await client.post("/auth/signup", json=signup)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    cliente = {"nome": "Cliente", "email": "cliente@exemplo.com.br"}
    cliente_id = (await client.post("/clientes/", json=cliente, headers=headers)).json()["id"]
    for n in range(30):
        chamado = {"cliente_id": cliente_id, "canal": "site", "mensagem": f"preciso de ajuda {n}"}
        await client.post("/chamados/", json=chamado, headers=headers)
    urls = ["/chamados/?limit=10", f"/clientes/{cliente_id}", "/chamados/1", "/metricas/"]
    return headers, urls


async def _microseconds_per_request(client: AsyncClient, url: str, headers) -> float:
    started = time.perf_counter()
    for _ in range(REQUESTS_PER_ROUND):
        response = await client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.text}")
    return (time.perf_counter() - started) / REQUESTS_PER_ROUND * 1e6


async def _measure(settings: Settings) -> None:
    # Keyword triage: seeding stays quick, and triage is not what is measured.
    app = create_app(settings, TriageSettings(_env_file=None, backend="keywords"))
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app)
        async with AsyncClient(transport=transport, base_url="http://bench") as client:
            headers, urls = await _seed(client)
            print(f"{'rota':<24}{'com limite':>12}{'sem':>10}{'diferença':>12}{'nos hooks':>12}")
            for url in urls:
                on, off, spent = [], [], []
                await _microseconds_per_request(client, url, headers)  # warm-up: caches filled
                for _ in range(ROUNDS):
                    on.append(await _microseconds_per_request(client, url, headers))
                    with hooks_replaced(None):
                        off.append(await _microseconds_per_request(client, url, headers))
                with hooks_replaced(timer(spent)):
                    await _microseconds_per_request(client, url, headers)
                with_hooks, without = statistics.median(on), statistics.median(off)
                inside = sum(spent) / REQUESTS_PER_ROUND * 1e6
                print(
                    f"{url:<24}{with_hooks:>9.0f} µs{without:>7.0f} µs"
                    f"{with_hooks - without:>+9.0f} µs{inside:>9.1f} µs "
                    f"({inside / with_hooks * 100:.1f}% da requisição)"
                )


def main() -> None:
    url = os.environ.get("BENCH_ISOLATION_URL", DEFAULT_URL)
    asyncio.run(seed.recreate_database(url))
    settings = Settings(
        _env_file=None,
        app_env="test",
        database_url=url,
        secret_key="x" * 48,
        rate_limit_enabled=False,
        log_level="WARNING",
    )
    migrations.upgrade(settings)
    asyncio.run(_measure(settings))


if __name__ == "__main__":
    main()
