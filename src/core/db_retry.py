"""A dropped database connection (failover, restart, pg_terminate_backend) is not a 500.

Reads run again once on a fresh connection: SQLAlchemy invalidates the whole pool when it
sees a disconnect, so the second try gets a new one. Writes are never run twice (the first
may have reached the server); they get a 503 with Retry-After, and clients that send an
Idempotency-Key can retry them safely.
"""

import logging

from sqlalchemy import exc
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.core.asgi import send_error
from src.core.database import READ_ONLY_METHODS

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "Banco de dados indisponível por instantes. Tente novamente."


def is_disconnect(error: BaseException) -> bool:
    return isinstance(error, exc.DBAPIError) and error.connection_invalidated


class DatabaseDisconnectMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        retry_allowed = scope["method"] in READ_ONLY_METHODS
        while True:
            try:
                await self.app(scope, receive, tracking_send)
                return
            except Exception as error:
                if response_started or not is_disconnect(error):
                    raise
                if retry_allowed:
                    retry_allowed = False
                    logger.warning("conexão com o banco caiu; repetindo a leitura uma vez")
                    continue
                logger.warning("conexão com o banco caiu durante %s %s", scope["method"], "503")
                await send_error(
                    send, 503, DATABASE_UNAVAILABLE, "database_unavailable", {"Retry-After": "1"}
                )
                return
