"""HTTP server hardening for uvicorn: read deadlines, a per-worker connection cap, no proxy headers.

uvicorn only times out idle keep-alive connections *between* requests: a client that opens a
connection and never finishes its headers (or its body) holds it, and a file descriptor, for
ever. The protocols below add one timer per request: the request line and headers must arrive
within `SERVER_HEADER_TIMEOUT` seconds (from the connection opening or from the first byte of
the next request) and the body within `SERVER_BODY_TIMEOUT` seconds after the headers; late
clients get a 408 (or a plain close when they sent nothing) and the connection is closed.

The values come from the environment because the same module serves gunicorn's workers
(gunicorn.conf.py) and `atendimento serve` (uvicorn.run with `uvicorn_options`).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn_worker import UvicornWorker

# httptools is what production runs (uvicorn[standard]); h11 is uvicorn's pure-Python fallback.
try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

logger = logging.getLogger("uvicorn.error")

# (setting attribute, environment variable, default, minimum)
_FIELDS: tuple[tuple[str, str, float, float], ...] = (
    ("header_timeout", "SERVER_HEADER_TIMEOUT", 10.0, 0.1),
    ("body_timeout", "SERVER_BODY_TIMEOUT", 30.0, 0.1),
    ("limit_concurrency", "SERVER_LIMIT_CONCURRENCY", 1000, 1),
    ("backlog", "SERVER_BACKLOG", 2048, 1),
)


@dataclass(frozen=True)
class ServerLimits:
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    limit_concurrency: int = 1000  # connections + running requests per worker before a 503
    backlog: int = 2048  # pending connections the kernel queues (capped by net.core.somaxconn)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerLimits:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for attribute, name, default, minimum in _FIELDS:
            raw = environ.get(name, "").strip()
            values[attribute] = _parse(name, raw, minimum, kind=type(default)) if raw else default
        return cls(**values)


def _parse(name: str, raw: str, minimum: float, kind: type) -> Any:
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or value < minimum:
        expected = f"um inteiro ≥ {minimum}" if kind is int else f"segundos ≥ {minimum}"
        raise ValueError(f"{name} inválido ({raw!r}): use {expected}.")
    return value


_limits: ServerLimits | None = None


def current_limits() -> ServerLimits:
    """The limits of this process, read from the environment once (after fork in gunicorn)."""
    global _limits
    if _limits is None:
        _limits = ServerLimits.from_env()
    return _limits


class _ThrottledWarning:
    """One log line per `interval` seconds with a count: a flood of slow clients must not
    become a flood of log lines."""

    def __init__(self, message: str, interval: float = 60.0) -> None:
        self.message = message
        self.interval = interval
        self.count = 0
        self.last = -interval

    def __call__(self) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self.last >= self.interval:
            logger.warning(self.message, self.count)
            self.count = 0
            self.last = now


_warn_timeout = _ThrottledWarning(
    "%d conexão(ões) encerrada(s) por não enviar a requisição a tempo"
)
_warn_busy = _ThrottledWarning(
    "%d requisição(ões) recusada(s) com 503: limite de conexões do worker"
)


def _error_body(detail: str, code: str) -> tuple[str, bytes]:
    """A request id and an error body in the API's shared shape, for answers the server writes
    itself (the request never reached the app and its middleware)."""
    request_id = uuid.uuid4().hex
    body = {"detail": detail, "code": code, "request_id": request_id}
    return request_id, json.dumps(body, ensure_ascii=False).encode()


async def _server_busy(scope: Any, receive: Any, send: Any) -> None:
    """Stands in for the app above the connection cap (uvicorn's own 503 is English plain text)."""
    _warn_busy()
    request_id, body = _error_body("Servidor ocupado. Tente novamente em instantes.", "server_busy")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", request_id.encode()),
        (b"retry-after", b"1"),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _timeout_response() -> bytes:
    request_id, body = _error_body(
        "Tempo esgotado aguardando a requisição completa. Tente novamente.", "request_timeout"
    )
    head = (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
        b"content-length: %d\r\nx-request-id: %s\r\nconnection: close\r\n\r\n"
        % (len(body), request_id.encode())
    )
    return head + body


class _ReadDeadline:
    """Timer bookkeeping shared by both protocols (mixed in before the uvicorn class).

    One `call_later` per request: armed when the request starts, cancelled when its last body
    byte arrives. The body deadline reuses the same timer: when it fires during the body it
    re-arms itself for whatever is left of `body_timeout`.
    """

    _read_timer: Any = None
    _request_started = False  # a byte of the pending request arrived: a 408 makes sense
    _body_deadline: float | None = None  # set once the headers are complete

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = current_limits()
        self._header_timeout = limits.header_timeout
        self._body_timeout = limits.body_timeout
        self._limit = limits.limit_concurrency
        self.limit_concurrency = None  # uvicorn's inline check is replaced by `_over_limit`
        self._real_app = self.app  # type: ignore[attr-defined]

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm(self._header_timeout)  # an idle new connection is a slow client too

    def connection_lost(self, exc: Exception | None) -> None:
        self._request_received()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm(self, delay: float) -> None:
        self._read_timer = self.loop.call_later(delay, self._on_read_timeout)  # type: ignore[attr-defined]

    def _request_received(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None
        self._request_started = False
        self._body_deadline = None

    def _headers_received(self) -> None:
        self._body_deadline = self.loop.time() + self._body_timeout  # type: ignore[attr-defined]
        if self._body_timeout < self._header_timeout and self._read_timer is not None:
            self._read_timer.cancel()
            self._arm(self._body_timeout)

    def _pipelined(self) -> bool:
        return bool(getattr(self, "pipeline", None))

    def _ensure_armed(self) -> None:
        if self._read_timer is None:
            self._arm(self._header_timeout)

    def _over_limit(self) -> bool:
        return len(self.connections) >= self._limit or len(self.tasks) >= self._limit  # type: ignore[attr-defined]

    def _on_read_timeout(self) -> None:
        self._read_timer = None
        transport = self.transport  # type: ignore[attr-defined]
        if transport.is_closing():
            return
        cycle = self.cycle  # type: ignore[attr-defined]
        if self._body_deadline is not None:
            remaining = self._body_deadline - self.loop.time()  # type: ignore[attr-defined]
            if remaining > 0:
                self._arm(remaining)
                return
            # A queued pipelined request must not answer before the one in flight.
            answer = cycle is not None and not cycle.response_started and not self._pipelined()
        elif cycle is not None and not cycle.response_complete:
            # The previous response is still being produced: a pipelined request waits for it.
            self._arm(self._header_timeout)
            return
        else:
            answer = self._request_started
        _warn_timeout()
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the app's later `send` becomes a no-op
            cycle.message_event.set()
        if answer:
            transport.write(_timeout_response())
        transport.close()


if HttpToolsProtocol is not None:

    class TimedHttpToolsProtocol(_ReadDeadline, HttpToolsProtocol):  # type: ignore[misc,valid-type]
        def data_received(self, data: bytes) -> None:
            self._ensure_armed()
            super().data_received(data)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._request_started = True
            if self._read_timer is None:  # a pipelined request in the same packet
                self._arm(self._header_timeout)

        def on_headers_complete(self) -> None:
            self._headers_received()
            if self._over_limit():
                self.app = _server_busy
                try:
                    super().on_headers_complete()
                finally:
                    self.app = self._real_app
            else:
                super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._request_received()
            super().on_message_complete()

        def handle_websocket_upgrade(self) -> None:
            self._request_received()
            super().handle_websocket_upgrade()


class TimedH11Protocol(_ReadDeadline, H11Protocol):
    """The same deadlines on uvicorn's pure-Python parser, read from h11's state after each
    chunk (h11 exposes no per-event hooks)."""

    def data_received(self, data: bytes) -> None:
        self._ensure_armed()
        self._request_started = True
        if self._over_limit():
            self.app = _server_busy
            try:
                super().data_received(data)
            finally:
                self.app = self._real_app
        else:
            super().data_received(data)
        self._track_state()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start a pipelined request already buffered
        self._track_state()

    def _track_state(self) -> None:
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            self._ensure_armed()
            if self._body_deadline is None:
                self._headers_received()
        elif state is h11.IDLE:
            if self.conn.trailing_data[0]:  # part of the next request is buffered
                self._request_started = True
                self._ensure_armed()
            # Otherwise only blank lines or nothing arrived: the timer (if any) keeps running.
        else:  # DONE, MUST_CLOSE, ...: the request is complete
            self._request_received()


def _protocol_path() -> str:
    name = "TimedHttpToolsProtocol" if HttpToolsProtocol is not None else "TimedH11Protocol"
    return f"{__name__}:{name}"


def _server_kwargs(limits: ServerLimits) -> dict[str, Any]:
    return {
        "http": _protocol_path(),
        # The app reads the client address from X-Forwarded-For itself (TRUSTED_PROXY_HOPS,
        # counted from the right); uvicorn's middleware would trust the client-supplied
        # leftmost entry instead.
        "proxy_headers": False,
        "server_header": False,  # no "server: uvicorn" fingerprint
        "backlog": limits.backlog,
    }


class AtendimentoWorker(UvicornWorker):
    """gunicorn worker: uvicorn with the protocols above and without proxy-header rewriting."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        limits = current_limits()  # invalid values stop the worker before it serves anything
        # Read by UvicornWorker.__init__ and passed to uvicorn's Config. Our protocol enforces
        # the connection cap itself (pt-BR 503), so uvicorn's `limit_concurrency` stays unset.
        self.CONFIG_KWARGS = {"loop": "auto", **_server_kwargs(limits)}
        super().__init__(*args, **kwargs)


def uvicorn_options(settings: Any = None) -> dict[str, Any]:
    """Keyword arguments for `uvicorn.run` in `atendimento serve` (same hardening as gunicorn)."""
    _export_settings(settings)
    limits = current_limits()
    raw = os.environ.get("GUNICORN_KEEPALIVE", "").strip()
    keepalive = _parse("GUNICORN_KEEPALIVE", raw, 1, kind=int) if raw else 5  # as gunicorn.conf.py
    return {**_server_kwargs(limits), "timeout_keep_alive": keepalive}


def _export_settings(settings: Any) -> None:
    """Values that came from `.env` through Settings reach the protocol (and a `--reload`
    child process) through the environment, which is where the protocol reads them."""
    global _limits
    if settings is None:
        return
    for attribute, name, _default, _minimum in _FIELDS:
        value = getattr(settings, f"server_{attribute}", None)
        if value is not None and name not in os.environ:
            os.environ[name] = str(value)
    _limits = None
