"""Pure ASGI middleware: request id, access log, dropped database connections and the
last-resort 500."""

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.core.asgi import send_error
from src.core.database import READ_ONLY_METHODS, is_disconnect
from src.core.errors import INTERNAL_ERROR_MESSAGE
from src.core.request_context import request_id_var

access_logger = logging.getLogger("atendimento.access")
error_logger = logging.getLogger("atendimento.errors")

DATABASE_UNAVAILABLE_MESSAGE = "Banco de dados indisponível por instantes. Tente novamente."

# A client-chosen id is echoed only if it is short and harmless in a log line.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def _incoming_request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
            break
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Tags each request with an id, logs one line for it, and turns crashes into a bare 500.

    The 500 body carries only a generic message and the request id: the traceback goes to the log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        request_id = _incoming_request_id(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status_code = 500
        response_started = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal status_code, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status_code = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        # A dropped database connection (failover, restart) is retried once for a read, on a
        # fresh connection (SQLAlchemy invalidates the pool at the first disconnect it sees);
        # a write is never run twice, since it may have reached the server: 503 instead.
        read_retries = 1 if scope["method"] in READ_ONLY_METHODS else 0
        try:
            while True:
                try:
                    await self.app(scope, receive, send_with_request_id)
                    break
                except Exception as error:
                    if response_started or not is_disconnect(error):
                        raise
                    if read_retries:
                        read_retries -= 1
                        error_logger.warning("conexão com o banco caiu; repetindo a leitura")
                        continue
                    error_logger.warning("conexão com o banco caiu durante uma escrita: 503")
                    await send_error(
                        send_with_request_id,
                        503,
                        DATABASE_UNAVAILABLE_MESSAGE,
                        "database_unavailable",
                        {"Retry-After": "1"},
                    )
                    break
        except Exception:
            error_logger.exception(
                "unhandled error request_id=%s %s %s",
                request_id,
                scope["method"],
                scope["path"],
            )
            if not response_started:
                await send_error(
                    send,
                    500,
                    INTERNAL_ERROR_MESSAGE,
                    "internal_error",
                    headers={"X-Request-ID": request_id},
                )
        finally:
            duration_ms = (time.perf_counter() - started) * 1000
            access_logger.info(
                "%s %s %d %.1fms request_id=%s",
                scope["method"],
                scope["path"],
                status_code,
                duration_ms,
                request_id,
            )
            request_id_var.reset(token)
