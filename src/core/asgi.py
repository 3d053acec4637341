"""Tiny helpers for pure ASGI middleware that must answer on their own."""

import json

from starlette.types import Send

from src.core.errors import error_body


async def send_error(
    send: Send,
    status_code: int,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
) -> None:
    """Send the service's one error shape without going through the app."""
    body = json.dumps(error_body(detail, code), ensure_ascii=False).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    for name, value in (headers or {}).items():
        raw_headers.append((name.lower().encode(), value.encode()))
    await send({"type": "http.response.start", "status": status_code, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
