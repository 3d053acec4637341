"""Pure ASGI middleware: request id, access log and the last-resort 500."""

import logging
import re
import time
import uuid

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.core.asgi import send_error
from src.core.errors import INTERNAL_ERROR_MESSAGE
from src.core.request_context import request_id_var

access_logger = logging.getLogger("atendimento.access")
error_logger = logging.getLogger("atendimento.errors")

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

        try:
            await self.app(scope, receive, send_with_request_id)
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
