"""Login lockout and the overall request budget, on memory storage and on a real Redis."""

import asyncio
import os
import socket
import time
import uuid
from urllib.parse import urlsplit

import pytest
from httpx import ASGITransport, AsyncClient
from limits import parse
from limits.aio import strategies

from src.core.memory_limits import InProcessStorage
from src.core.rate_limit import RateLimiter, create_storage
from tests.factories import DEFAULT_PASSWORD, signup

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _client_from(app, ip: str) -> AsyncClient:
    return AsyncClient(transport=ASGITransport(app=app, client=(ip, 40000)), base_url="http://t")


async def _fail_login(http: AsyncClient, username: str = "ana") -> int:
    response = await http.post("/auth/login", data={"username": username, "password": "errada-123"})
    return response.status_code


def _assert_locked(response) -> None:
    assert response.status_code == 429, response.text
    assert 0 < int(response.headers["Retry-After"]) <= 300
    assert response.json()["code"] == "login_rate_limited"
    assert response.json()["request_id"]


async def test_sixth_failed_login_from_one_ip_gets_429_even_with_the_right_password(client):
    await signup(client, "ana")
    assert [await _fail_login(client) for _ in range(5)] == [401] * 5
    _assert_locked(await client.post("/auth/login", data={"username": "ana", "password": "x" * 8}))
    right = await client.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
    _assert_locked(right)


async def test_failures_from_many_addresses_slow_a_username_down_but_never_lock_it(app, client):
    """Anyone could lock anyone out (the admin included) by failing five times from anywhere;
    now the owner, from an address that has not been failing, still gets in."""
    await signup(client, "ana")
    for n in range(6):
        async with _client_from(app, f"10.0.0.{n}") as http:
            assert await _fail_login(http) == 401
    async with _client_from(app, "10.0.0.99") as fresh_ip:
        assert await _fail_login(fresh_ip) == 401
        right = await fresh_ip.post(
            "/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD}
        )
        assert right.status_code == 200


async def test_a_username_failing_everywhere_waits_longer_each_time(app):
    limiter: RateLimiter = app.state.rate_limiter
    waits = []
    for n in range(9):
        waits.append(await limiter.check_login("10.5.0.200", "alvo"))
        await limiter.record_login_failure(f"10.5.0.{n}", "ALVO ")
    assert waits == [0, 0, 0, 0, 0, 0.5, 1, 2, 4]
    for _ in range(5):
        await limiter.record_login_failure("10.5.1.1", "alvo")
    assert await limiter.check_login("10.5.0.200", "alvo") == 8  # capped


async def test_failures_count_per_address_across_usernames(app):
    async with _client_from(app, "10.1.0.1") as http:
        for n in range(20):
            assert await _fail_login(http, f"conta{n}") == 401
        _assert_locked(
            await http.post("/auth/login", data={"username": "outra", "password": "z" * 8})
        )
    async with _client_from(app, "10.1.0.2") as other_ip:
        assert await _fail_login(other_ip, "outra") == 401


async def test_username_variants_from_one_address_share_one_budget(app, client):
    await signup(client, "ana")
    async with _client_from(app, "10.2.0.1") as http:
        for name in ["Ana", "ANA", " ana", "ana ", "aNa"]:
            assert await _fail_login(http, name) == 401
        _assert_locked(
            await http.post("/auth/login", data={"username": "ana", "password": "w" * 8})
        )
        right = await http.post(
            "/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD}
        )
        _assert_locked(right)
    async with _client_from(app, "10.2.0.2") as other:
        ok = await other.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
        assert ok.status_code == 200


async def test_a_success_does_not_wipe_earlier_failures(app, client):
    await signup(client, "ana")
    async with _client_from(app, "10.3.0.1") as http:
        for _ in range(4):
            assert await _fail_login(http) == 401
        ok = await http.post("/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD})
        assert ok.status_code == 200
        assert await _fail_login(http) == 401
        _assert_locked(
            await http.post("/auth/login", data={"username": "ana", "password": "c" * 8})
        )


async def test_limits_can_be_switched_off_for_benchmarks(make_client):
    unlimited = await make_client(rate_limit_enabled=False, rate_limit_default="2/minute")
    await signup(unlimited, "ana")
    assert [await _fail_login(unlimited) for _ in range(8)] == [401] * 8
    for _ in range(5):
        assert (await unlimited.get("/")).status_code == 200


async def test_overall_budget_per_account_and_per_ip(make_client):
    limited = await make_client(rate_limit_default="3/minute")
    # Signing up spends the anonymous IP budget: the accounts are created elsewhere.
    admin = await signup(limited, "chefe")
    assert (await limited.get("/")).status_code == 200
    assert (await limited.get("/")).status_code == 200
    anonymous = await limited.get("/")
    assert anonymous.status_code == 429
    assert anonymous.json()["code"] == "rate_limited"
    assert 0 < int(anonymous.headers["Retry-After"]) <= 60
    # Liveness and readiness are never throttled.
    assert (await limited.get("/health")).status_code == 200
    # A valid token has its own budget, whatever the IP; forged tokens fall back to the IP.
    assert [(await limited.get("/auth/me", headers=admin)).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    forged = await limited.get("/auth/me", headers={"Authorization": "Bearer lixo.lixo.lixo"})
    assert forged.status_code == 429


async def test_two_tokens_of_one_account_share_its_budget(make_client):
    limited = await make_client(rate_limit_default="4/minute", client_ip="10.4.0.1")
    first = await signup(limited, "ana")
    async with _client_from(limited._transport.app, "10.4.0.2") as other:
        login = await other.post(
            "/auth/login", data={"username": "ana", "password": DEFAULT_PASSWORD}
        )
        second = {"Authorization": f"Bearer {login.json()['access_token']}"}
        statuses = [
            (await limited.get("/auth/me", headers=first)).status_code,
            (await other.get("/auth/me", headers=second)).status_code,
            (await limited.get("/auth/me", headers=first)).status_code,
            (await other.get("/auth/me", headers=second)).status_code,
            (await other.get("/auth/me", headers=second)).status_code,
        ]
    assert statuses == [200, 200, 200, 200, 429]


async def test_unreachable_redis_falls_back_to_process_memory(make_client, monkeypatch, caplog):
    """Losing Redis used to switch every limit off; now each process counts on its own."""
    broken = await make_client(redis_url="redis://127.0.0.1:1/0", rate_limit_default="6/minute")
    limiter: RateLimiter = broken._transport.app.state.rate_limiter
    attempts = 0
    real_incr = limiter.storage.incr

    async def counting_incr(*args, **kwargs):
        nonlocal attempts
        attempts += 1
        return await real_incr(*args, **kwargs)

    monkeypatch.setattr(limiter.storage, "incr", counting_incr)
    assert (await broken.get("/")).status_code == 200
    assert "Redis indisponível" in caplog.text
    ready = await broken.get("/health/ready")
    assert ready.json()["limites"] == "memória (Redis indisponível)"
    statuses = [(await broken.get("/")).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    # One failed attempt, then Redis is left alone for a while instead of per request.
    assert attempts == 1


# --- Real Redis (CI runs one at 127.0.0.1:6379) -------------------------------------------


def _redis_reachable() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
async def redis_prefix() -> str:
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail(f"Redis unreachable at {REDIS_URL} (CI must provide it)")
        pytest.skip(f"Redis unreachable at {REDIS_URL}")
    prefix = f"teste-{uuid.uuid4().hex[:12]}"
    yield prefix
    # The storage's reset deletes only this run's keys (prefix*).
    await create_storage(REDIS_URL, prefix).reset()


async def test_readiness_says_the_limits_live_in_redis(make_client, redis_prefix):
    http = await make_client(redis_url=REDIS_URL, rate_limit_key_prefix=redis_prefix)
    assert (await http.get("/")).status_code == 200
    ready = await http.get("/health/ready")
    assert ready.json()["limites"] == "redis"


async def test_sixth_failed_login_gets_429_on_redis(make_client, redis_prefix):
    http = await make_client(redis_url=REDIS_URL, rate_limit_key_prefix=redis_prefix)
    await signup(http, "ana")
    assert [await _fail_login(http) for _ in range(5)] == [401] * 5
    _assert_locked(await http.post("/auth/login", data={"username": "ana", "password": "a" * 8}))


async def test_two_instances_sharing_redis_share_the_budget(make_client, redis_prefix):
    first = await make_client(redis_url=REDIS_URL, rate_limit_key_prefix=redis_prefix)
    second = await make_client(redis_url=REDIS_URL, rate_limit_key_prefix=redis_prefix)
    await signup(first, "ana")
    statuses = [await _fail_login(http) for http in (first, second, first, second, second)]
    assert statuses == [401] * 5
    _assert_locked(await first.post("/auth/login", data={"username": "ana", "password": "b" * 8}))
    _assert_locked(await second.post("/auth/login", data={"username": "ana", "password": "b" * 8}))


async def test_two_instances_sharing_redis_share_the_request_budget(make_client, redis_prefix):
    options = {
        "redis_url": REDIS_URL,
        "rate_limit_key_prefix": redis_prefix,
        "rate_limit_default": "4/minute",
    }
    first, second = await make_client(**options), await make_client(**options)
    statuses = [(await http.get("/")).status_code for http in (first, second, first, second)]
    assert statuses == [200] * 4
    assert (await first.get("/")).status_code == 429
    assert (await second.get("/")).status_code == 429


async def test_redis_counts_concurrent_failures_exactly(make_client, redis_prefix):
    http = await make_client(redis_url=REDIS_URL, rate_limit_key_prefix=redis_prefix)
    limiter: RateLimiter = http._transport.app.state.rate_limiter
    await asyncio.gather(*(limiter.record_login_failure("10.9.9.9", "ana") for _ in range(5)))
    with pytest.raises(Exception, match="login") as raised:
        await limiter.check_login("10.9.9.9", "ana")
    assert raised.value.status_code == 429


async def test_in_process_storage_sweeps_at_most_once_a_second():
    storage = InProcessStorage()
    limiter = strategies.FixedWindowRateLimiter(storage)
    per_second = parse("1/second")
    for n in range(200):
        await limiter.hit(per_second, "ip", str(n))
    assert storage.sweeps == 0  # 200 callers, not one sweep over all of them per hit
    # Without a sweep, expired windows are still expired when read.
    assert await limiter.hit(per_second, "ip", "x")
    assert not await limiter.hit(per_second, "ip", "x")
    await asyncio.sleep(1.05)
    assert await limiter.hit(per_second, "ip", "x")
    assert storage.sweeps == 1
    assert len(storage.counters) == 1  # the 200 expired keys are gone


async def test_in_process_moving_window_counts_exactly():
    storage = InProcessStorage()
    limiter = strategies.MovingWindowRateLimiter(storage)
    three_per_second = parse("3/second")
    assert [await limiter.hit(three_per_second, "k") for _ in range(4)] == [True] * 3 + [False]
    stats = await limiter.get_window_stats(three_per_second, "k")
    assert stats.remaining == 0
    assert 0 < stats.reset_time - time.time() <= 1
    await asyncio.sleep(1.05)
    assert await limiter.test(three_per_second, "k")
    assert (await limiter.get_window_stats(three_per_second, "k")).remaining == 3
