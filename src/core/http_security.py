"""Pure ASGI middleware for HTTP hardening: security headers and a request body cap."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.core.asgi import send_error

BODY_TOO_LARGE_MESSAGE = "Corpo da requisição grande demais"
# A year, as browsers' preload lists expect; only sent in production, where TLS is a given.
HSTS_VALUE = b"max-age=31536000; includeSubDomains"


def security_headers(*, hsts: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
    ]
    if hsts:
        headers.append((b"strict-transport-security", HSTS_VALUE))
    return headers


class SecurityHeadersMiddleware:
    """Adds the security headers to every response, errors and 500s included."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = security_headers(hsts=hsts)
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = [
                    (name, value)
                    for name, value in message.get("headers", ())
                    if name.lower() not in self.names
                ]
                message["headers"] = existing + self.headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestBodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the cap: FastAPI re-raises it as is,
    so the error handlers answer 413 in the usual shape."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=BODY_TOO_LARGE_MESSAGE)


class BodySizeLimitMiddleware:
    """Rejects bodies over `max_bytes` with 413 before they are read into memory.

    A declared Content-Length over the cap is refused at once (the body is never read); the
    server guarantees a body no longer than the length it declares. Chunked bodies are counted
    as they stream in.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None:
            if declared > self.max_bytes:
                await send_error(send, 413, BODY_TOO_LARGE_MESSAGE, "payload_too_large")
                return
            await self.app(scope, receive, send)
            return

        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestBodyTooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except RequestBodyTooLarge:
            # Read outside a FastAPI route (nothing to map it): answer here if still possible.
            if response_started:
                raise
            await send_error(send, 413, BODY_TOO_LARGE_MESSAGE, "payload_too_large")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
