"""The client's address behind trusted reverse proxies.

Each proxy appends the address it received the connection from to X-Forwarded-For, so only
the rightmost entries were written by proxies we trust; everything to their left came from the
client and can be anything. With N trusted hops the client is the N-th entry from the right.
(Taking the leftmost entry, as uvicorn does with FORWARDED_ALLOW_IPS=*, let each request pick
a new address and walk past every per-address limit.)
"""

import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send


def forwarded_client(header_values: list[str], trusted_hops: int) -> str | None:
    """The address `trusted_hops` entries from the right, or None when it is not there."""
    entries = [entry.strip() for value in header_values for entry in value.split(",")]
    entries = [entry for entry in entries if entry]
    if trusted_hops < 1 or len(entries) < trusted_hops:
        return None
    return _address(entries[-trusted_hops])


def _address(entry: str) -> str | None:
    """The IP of an entry, without the port some proxies add (Azure: "203.0.113.7:52001")."""
    host = entry
    if entry.startswith("["):  # [2001:db8::1]:443
        host = entry[1:].partition("]")[0]
    elif entry.count(":") == 1:  # IPv4 with a port
        host = entry.partition(":")[0]
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


class ForwardedClientMiddleware:
    """Rewrites scope["client"] from X-Forwarded-For, counting trusted hops from the right.

    Outermost, so the access log, the rate limits and the login guard all see the same address.
    A request with fewer entries than trusted hops did not come through every proxy: its
    header is ignored and the connection's own address stands.
    """

    def __init__(self, app: ASGIApp, *, trusted_hops: int) -> None:
        self.app = app
        self.trusted_hops = trusted_hops

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            values = [
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"x-forwarded-for"
            ]
            client = forwarded_client(values, self.trusted_hops) if values else None
            if client is not None:
                port = scope["client"][1] if scope.get("client") else 0
                scope["client"] = (client, port)
                scheme = forwarded_scheme(scope["headers"])
                if scheme is not None:  # redirects must point at https behind a TLS proxy
                    scope["scheme"] = scheme if scope["type"] == "http" else f"ws{scheme[4:]}"
        await self.app(scope, receive, send)


def forwarded_scheme(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The scheme the last proxy saw (it sets X-Forwarded-Proto), if it is http or https."""
    for name, value in reversed(headers):
        if name == b"x-forwarded-proto":
            scheme = value.decode("latin-1").rsplit(",", 1)[-1].strip().lower()
            return scheme if scheme in ("http", "https") else None
    return None
