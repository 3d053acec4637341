"""Behind a proxy, the client address comes from the trusted proxy's own hop, counted from the
right of X-Forwarded-For: a client cannot pick a new address per request any more."""

import pytest
from httpx import ASGITransport, AsyncClient

from src.core.proxy import forwarded_client
from tests.factories import signup


@pytest.mark.parametrize(
    ("values", "hops", "expected"),
    [
        (["203.0.113.7"], 1, "203.0.113.7"),
        (["1.1.1.1, 203.0.113.7"], 1, "203.0.113.7"),  # the client wrote 1.1.1.1
        (["1.1.1.1", "203.0.113.7"], 1, "203.0.113.7"),  # several headers: one list
        (["1.1.1.1, 203.0.113.7, 10.0.0.5"], 2, "203.0.113.7"),
        (["203.0.113.7:52001"], 1, "203.0.113.7"),  # Azure adds the port
        (["[2001:db8::1]:443"], 1, "2001:db8::1"),
        (["2001:db8::1"], 1, "2001:db8::1"),
        (["203.0.113.7"], 2, None),  # fewer entries than proxies: not through every proxy
        (["lixo"], 1, None),
        (["203.0.113.7"], 0, None),
    ],
)
def test_client_is_counted_from_the_right(values, hops, expected):
    assert forwarded_client(values, hops) == expected


async def _spray(http: AsyncClient, attempts: int) -> list[int]:
    statuses = []
    for n in range(attempts):
        response = await http.post(
            "/auth/login",
            data={"username": f"vitima{n}", "password": "palpite-errado"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},  # a new forged address each time
        )
        statuses.append(response.status_code)
    return statuses


async def test_forged_forwarded_addresses_do_not_buy_fresh_login_budgets(make_client):
    http = await make_client(trusted_proxy_hops=1, client_ip="10.0.0.1")
    # The proxy appends the real client, so every request carries "<forged>, 203.0.113.9".
    transport: ASGITransport = http._transport
    app = transport.app

    async def through_proxy(scope, receive, send):
        headers = [(k, v) for k, v in scope["headers"] if k != b"x-forwarded-for"]
        forged = dict(scope["headers"]).get(b"x-forwarded-for", b"")
        headers.append((b"x-forwarded-for", forged + b", 203.0.113.9"))
        await app(dict(scope, headers=headers), receive, send)

    async with AsyncClient(
        transport=ASGITransport(app=through_proxy, client=("10.0.0.1", 1)), base_url="http://t"
    ) as proxied:
        statuses = await _spray(proxied, 40)
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}


async def test_without_trusted_hops_the_header_is_ignored(make_client):
    http = await make_client(client_ip="10.0.0.2")
    statuses = await _spray(http, 25)
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}


async def test_access_from_the_proxy_address_uses_the_forwarded_client(make_client, caplog):
    http = await make_client(trusted_proxy_hops=1, client_ip="10.0.0.3")
    await signup(http, "ana")
    for _ in range(5):
        await http.post(
            "/auth/login",
            data={"username": "ana", "password": "errada-123"},
            headers={"X-Forwarded-For": "203.0.113.50"},
        )
    locked = await http.post(
        "/auth/login",
        data={"username": "ana", "password": "errada-123"},
        headers={"X-Forwarded-For": "203.0.113.50"},
    )
    assert locked.status_code == 429
    # Another real client behind the same proxy is not affected.
    other = await http.post(
        "/auth/login",
        data={"username": "ana", "password": "senha-forte-123"},
        headers={"X-Forwarded-For": "203.0.113.51"},
    )
    assert other.status_code == 200


async def test_redirects_keep_https_behind_the_proxy(make_client):
    http = await make_client(trusted_proxy_hops=1)
    response = await http.get(
        "/chamados",
        headers={"X-Forwarded-For": "203.0.113.60", "X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 307
    assert response.headers["location"].startswith("https://")
