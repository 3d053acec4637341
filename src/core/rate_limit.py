"""Rate limits with `limits`: a request budget per caller and a lockout after failed logins.

Storage is the process memory by default and Redis when REDIS_URL is set; only Redis makes
several workers or instances share one budget. Storage failures fail open (logged): losing
Redis must not take the API down with it.
"""

import hashlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.aio import strategies
from limits.aio.storage import MemoryStorage, Storage
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Receive, Scope, Send

from src.core.asgi import send_error
from src.core.config import Settings
from src.core.errors import TooManyRequestsError
from src.core.security import TokenSettings, bearer_token, request_token_subject

logger = logging.getLogger(__name__)

# Liveness/readiness probes must never be throttled: a 429 there restarts healthy instances.
EXEMPT_PATHS = frozenset({"/health", "/health/ready"})
REDIS_TIMEOUT_SECONDS = 0.5
STORAGE_RETRY_SECONDS = 5.0
_ERROR_LOG_INTERVAL_SECONDS = 60.0

T = TypeVar("T")


class LoginRateLimitedError(TooManyRequestsError):
    code = "login_rate_limited"
    detail = "Muitas tentativas de login sem sucesso. Tente novamente mais tarde."


class RateLimiter:
    """The service's budgets over one `limits` storage."""

    def __init__(
        self, storage: Storage, *, request_limit: RateLimitItem, login_limit: RateLimitItem
    ) -> None:
        self.storage = storage
        self.request_limit = request_limit
        self.login_limit = login_limit
        # Fixed window: one INCR per request. Moving window for logins: exact "5 in 5 min".
        self._requests = strategies.FixedWindowRateLimiter(storage)
        self._logins = strategies.MovingWindowRateLimiter(storage)
        self._last_error_log = -math.inf
        self._storage_paused_until = -math.inf

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimiter":
        return cls(
            create_storage(settings.redis_url, settings.rate_limit_key_prefix),
            request_limit=parse(settings.rate_limit_default),
            login_limit=parse(settings.rate_limit_login),
        )

    async def hit_request(self, caller: str) -> int | None:
        """Count one request; None when allowed, else the seconds to wait."""
        hit = partial(self._requests.hit, self.request_limit, "req", caller)
        allowed = await self._guard(hit, True)
        if allowed:
            return None
        return await self._retry_after(self._requests, self.request_limit, "req", caller)

    async def check_login(self, ip: str, username: str) -> None:
        """Raise 429 while this IP or this username has used up its failed-login budget."""
        for identifiers in _login_keys(ip, username):
            test = partial(self._logins.test, self.login_limit, *identifiers)
            allowed = await self._guard(test, True)
            if not allowed:
                wait = await self._retry_after(self._logins, self.login_limit, *identifiers)
                raise LoginRateLimitedError(headers={"Retry-After": str(wait)})

    async def record_login_failure(self, ip: str, username: str) -> None:
        for identifiers in _login_keys(ip, username):
            await self._guard(partial(self._logins.hit, self.login_limit, *identifiers), None)

    async def _retry_after(
        self, limiter: strategies.RateLimiter, item: RateLimitItem, *identifiers: str
    ) -> int:
        stats = await self._guard(partial(limiter.get_window_stats, item, *identifiers), None)
        if stats is None:
            return item.get_expiry()
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def _guard(self, operation: Callable[[], Awaitable[T]], fallback: T) -> T:
        """Run a storage operation; while storage is failing, answer `fallback` (fail open).

        After a failure the storage is left alone for a few seconds, so an unreachable Redis
        costs one timeout per pause rather than one per request.
        """
        now = time.monotonic()
        if now < self._storage_paused_until:
            return fallback
        try:
            return await operation()
        except Exception:
            self._storage_paused_until = now + STORAGE_RETRY_SECONDS
            if now - self._last_error_log >= _ERROR_LOG_INTERVAL_SECONDS:
                self._last_error_log = now
                logger.exception("armazenamento de limites indisponível: limites suspensos")
            return fallback


class SweepingMemoryStorage(MemoryStorage):
    """limits' in-process storage, sweeping expired keys at most once a second.

    Upstream schedules a sweep over *every* key after each hit: with thousands of callers that
    is O(keys) work per request. Reads already ignore expired entries, so the sweep is only
    garbage collection and can wait. (Overrides a name-mangled hook of limits 5.x; the tests
    check that the throttle is in effect.)
    """

    SWEEP_INTERVAL_SECONDS = 1.0

    def __init__(self) -> None:
        super().__init__()
        self.last_sweep = -math.inf

    async def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802  (mangled name)
        now = time.monotonic()
        if now - self.last_sweep < self.SWEEP_INTERVAL_SECONDS:
            return
        self.last_sweep = now
        await super()._MemoryStorage__schedule_expiry()  # type: ignore[misc]


def create_storage(redis_url: str | None, key_prefix: str) -> Storage:
    if redis_url is None:
        return SweepingMemoryStorage()
    return storage_from_string(
        f"async+{redis_url}",
        key_prefix=key_prefix,
        connect_timeout=REDIS_TIMEOUT_SECONDS,
        stream_timeout=REDIS_TIMEOUT_SECONDS,
    )


def _login_keys(ip: str, username: str) -> tuple[tuple[str, str], tuple[str, str]]:
    # Usernames are client-chosen text: hash them into a short, case-folded, key-safe token.
    digest = hashlib.sha256(username.strip().casefold().encode("utf-8", "replace")).hexdigest()
    return ("login-ip", ip), ("login-user", digest[:32])


def client_ip(scope: Scope) -> str:
    # Behind a proxy the server (uvicorn/gunicorn with FORWARDED_ALLOW_IPS) rewrites `client`.
    client = scope.get("client")
    return client[0] if client else "unknown"


def caller_key(scope: Scope, token_settings: TokenSettings) -> str:
    """The account of a valid bearer token, else the client IP.

    Keyed on the verified subject, not the raw header: random tokens cannot buy fresh budgets,
    and every token of one account shares the same one.
    """
    authorization = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
            break
    token = bearer_token(authorization)
    if token is not None:
        subject = request_token_subject(scope.setdefault("state", {}), token, token_settings)
        if subject is not None:
            return f"user:{subject}"
    return f"ip:{client_ip(scope)}"


class RateLimitMiddleware:
    """The overall per-caller request budget; 429 with Retry-After when it runs out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        # Built by the lifespan, on the loop that serves the requests.
        state = scope["app"].state
        limiter: RateLimiter | None = getattr(state, "rate_limiter", None)
        if limiter is not None:
            key = caller_key(scope, state.token_settings)
            retry_after = await limiter.hit_request(key)
            if retry_after is not None:
                await send_error(
                    send,
                    429,
                    TooManyRequestsError.detail,
                    TooManyRequestsError.code,
                    {"Retry-After": str(retry_after)},
                )
                return
        await self.app(scope, receive, send)
