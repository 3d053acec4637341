"""Idempotency-Key on POST: a retried request gets the first answer instead of a second write.

Clients retry when an answer is lost on the way (13 tickets were stored twice that way). The
key is scoped per account and kept 24 hours:
- first time: the key is claimed inside the request's own transaction (so it commits or rolls
  back with the write) and the answer is stored right before it is sent;
- same key, same request: the stored answer again, with `Idempotent-Replayed: true`;
- same key, another method, path or body: 422; while the first is still running: 409.
Requests without a valid bearer token are not tracked (they are refused or anonymous).
"""

import hashlib
import logging
import re
from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import bindparam, delete, exc, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from src.core.errors import AppError, ConflictError
from src.core.security import TokenClaims, bearer_token, request_token_claims
from src.core.tenancy import ALL_EMPRESAS
from src.models import ChaveIdempotencia, Empresa, Usuario
from src.models.base import utcnow

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"  # visible ASCII, as the IETF draft's examples
KEEP_FOR = timedelta(hours=24)
_CLAIM_STATE_KEY = "idempotency_claim"
_VALID_KEY = re.compile(KEY_PATTERN)


class IdempotencyKeyReusedError(AppError):
    status_code = 422
    code = "idempotency_key_reused"
    detail = (
        "Esta Idempotency-Key já foi usada com outra requisição nas últimas 24 horas; "
        "gere uma chave nova para cada operação"
    )


class IdempotencyKeyInProgressError(ConflictError):
    code = "idempotency_in_progress"
    detail = "Uma requisição com esta Idempotency-Key ainda está em andamento; tente de novo"


class IdempotentReplay(Exception):  # noqa: N818  (a control-flow signal, not an error)
    def __init__(self, status_code: int, body: str) -> None:
        self.status_code = status_code
        self.body = body


class InvalidIdempotencyKeyError(AppError):
    status_code = 422
    code = "validation_error"
    detail = "Dados inválidos: Idempotency-Key deve ter de 1 a 255 caracteres ASCII visíveis"


# Declared straight in the OpenAPI document (`openapi_extra=IDEMPOTENCY_KEY` on a route) rather
# than as a header dependency: solving one more dependency on every POST cost more than the
# whole check in `claim`, which validates the header itself.
IDEMPOTENCY_KEY = {
    "parameters": [
        {
            "name": HEADER,
            "in": "header",
            "required": False,
            "description": (
                "Chave única por operação (ex.: um UUID). Repetir a mesma requisição com a "
                "mesma chave em até 24 h devolve a primeira resposta sem gravar de novo."
            ),
            "schema": {"type": "string", "pattern": KEY_PATTERN, "maxLength": 255},
        }
    ]
}


def _fingerprint(request: Request, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (request.method, request.url.path, request.url.query):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()


def _insert(dialect_name: str):
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(ChaveIdempotencia).on_conflict_do_nothing(
        index_elements=["empresa_id", "usuario_id", "chave"]
    )


async def claim(session: AsyncSession, request: Request) -> None:
    """Take the request's key inside its transaction, or answer from the first request."""
    key = request.headers.get(HEADER)
    if request.method != "POST" or key is None:
        return
    if not _VALID_KEY.match(key):
        raise InvalidIdempotencyKeyError()
    token = bearer_token(request.headers.get("authorization"))
    claims = (
        request_token_claims(
            request.scope.setdefault("state", {}), token, request.app.state.token_settings
        )
        if token
        else None
    )
    if claims is None:
        return
    fingerprint = _fingerprint(request, await request.body())
    values = {
        "empresa_id": claims.empresa_id,
        "usuario_id": claims.user_id,
        "chave": key,
        "impressao": fingerprint,
    }
    statement = _insert(session.bind.dialect.name).values(**values, data_criacao=utcnow())
    claimed_id = await session.scalar(statement.returning(ChaveIdempotencia.id))
    if claimed_id is None:
        claimed_id = await _reuse(session, values, statement, claims)
    # With its empresa: every statement on this table names the distribution column
    # (docs/escala.md), so none of them has to visit every shard.
    request.scope["state"][_CLAIM_STATE_KEY] = (claims.empresa_id, claimed_id)


async def _reuse(
    session: AsyncSession, values: dict[str, object], statement, claims: TokenClaims
) -> int:
    existing = await session.scalar(
        select(ChaveIdempotencia).where(
            ChaveIdempotencia.empresa_id == values["empresa_id"],
            ChaveIdempotencia.usuario_id == values["usuario_id"],
            ChaveIdempotencia.chave == values["chave"],
        )
    )
    if existing is None or existing.data_criacao < utcnow() - KEEP_FOR:
        # Expired (or gone meanwhile): the key is free again.
        if existing is not None:
            await session.execute(
                delete(ChaveIdempotencia).where(
                    ChaveIdempotencia.empresa_id == existing.empresa_id,
                    ChaveIdempotencia.id == existing.id,
                )
            )
        claimed_id = await session.scalar(statement.returning(ChaveIdempotencia.id))
        if claimed_id is None:
            raise IdempotencyKeyInProgressError()
        return claimed_id
    if existing.impressao != values["impressao"]:
        raise IdempotencyKeyReusedError()
    if existing.status_code is None:
        raise IdempotencyKeyInProgressError()
    if not await _token_still_valid(session, claims):
        return existing.id  # not replayed: authentication, next, refuses the token
    raise IdempotentReplay(existing.status_code, existing.corpo or "")


# The replay answers before the route's own authentication runs: the token must still be
# accepted by its account (Usuario.accepts, as CurrentUser checks) in an active empresa.
_TOKEN_ACCOUNT = (
    select(Usuario)
    .join(Empresa, Empresa.id == Usuario.empresa_id)
    .where(Usuario.id == bindparam("id"), Empresa.ativa.is_(True))
    .execution_options(**ALL_EMPRESAS)
)


async def _token_still_valid(session: AsyncSession, claims: TokenClaims) -> bool:
    usuario = await session.scalar(_TOKEN_ACCOUNT, {"id": claims.user_id})
    return usuario is not None and usuario.accepts(claims)


async def _replay(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, IdempotentReplay)
    body = exc.body.encode()
    return Response(
        content=body or None,
        status_code=exc.status_code,
        media_type="application/json" if body else None,
        headers={"Idempotent-Replayed": "true"},
    )


class IdempotencyMiddleware:
    """Stores the answer of a request that claimed a key, right before sending it.

    Only requests that carry the header are buffered; for them the answer is committed before
    its body leaves, so a retry that follows it always finds it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or not _has_key(scope):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffering_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._store(scope, start["status"], b"".join(chunks))
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks)})
                return
            await send(message)

        await self.app(scope, receive, buffering_send)

    async def _store(self, scope: Scope, status: int, body: bytes) -> None:
        claim = scope.get("state", {}).get(_CLAIM_STATE_KEY)
        if claim is None or not 200 <= status < 300:
            return  # an error rolled the claim back with the rest of the transaction
        empresa_id, claimed_id = claim
        statement = (
            update(ChaveIdempotencia)
            .where(ChaveIdempotencia.empresa_id == empresa_id, ChaveIdempotencia.id == claimed_id)
            .values(status_code=status, corpo=body.decode("utf-8", "replace"))
        )
        sessionmaker: async_sessionmaker[AsyncSession] = scope["app"].state.sessionmaker
        # The write itself is committed: whatever happens here, the client gets its answer.
        # The UPDATE is idempotent, so a dropped connection is worth one more try.
        for attempt in (1, 2):
            try:
                async with sessionmaker() as session, session.begin():
                    await session.execute(statement)
                return
            except exc.DBAPIError as error:
                if attempt == 2 or not error.connection_invalidated:
                    logger.exception("resposta da Idempotency-Key %s não foi guardada", claimed_id)
                    return


def _has_key(scope: Scope) -> bool:
    return any(name == b"idempotency-key" for name, _ in scope["headers"])


def install(app: FastAPI) -> None:
    app.add_exception_handler(IdempotentReplay, _replay)
    app.add_middleware(IdempotencyMiddleware)
