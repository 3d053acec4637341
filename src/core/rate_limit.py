"""Rate limits with `limits`: a request budget per caller and a lockout after failed logins.

Storage is the process memory by default and Redis when REDIS_URL is set; only Redis makes
several workers or instances share one budget. While Redis fails, each process counts in its
own memory (logged, and shown by /health/ready): losing Redis must neither take the API down
nor switch the limits off.
"""

import hashlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from limits import RateLimitItem, WindowStats, parse
from limits.aio import strategies
from limits.aio.storage import Storage
from limits.storage import storage_from_string
from starlette.types import ASGIApp, Receive, Scope, Send

from src.core.asgi import send_error
from src.core.config import Settings
from src.core.errors import TooManyRequestsError
from src.core.memory_limits import InProcessStorage
from src.core.security import TokenSettings, bearer_token, request_token_claims

logger = logging.getLogger(__name__)

# Liveness/readiness probes must never be throttled: a 429 there restarts healthy instances.
EXEMPT_PATHS = frozenset({"/health", "/health/ready"})
REDIS_TIMEOUT_SECONDS = 0.5
STORAGE_RETRY_SECONDS = 5.0
_ERROR_LOG_INTERVAL_SECONDS = 60.0

T = TypeVar("T")


class EmpresaRateLimitedError(TooManyRequestsError):
    code = "empresa_rate_limited"
    detail = (
        "Sua empresa atingiu o limite de requisições desta instalação. "
        "Tente novamente em instantes."
    )


class LoginRateLimitedError(TooManyRequestsError):
    code = "login_rate_limited"
    detail = "Muitas tentativas de login sem sucesso. Tente novamente mais tarde."


# A username failing from many addresses is slowed down, never locked for everyone: from the
# SLOWDOWN_AFTER-th failure in the window on, each attempt waits twice as long, up to the cap.
SLOWDOWN_WINDOW = parse("1000/15 minutes")
SLOWDOWN_AFTER = 5
SLOWDOWN_FIRST_SECONDS = 0.5
SLOWDOWN_MAX_SECONDS = 8.0


@dataclass(frozen=True, slots=True)
class _Counters:
    """The strategies over one storage."""

    storage: Storage
    # Fixed window: one INCR per request. Moving window for logins: exact "5 in 5 min".
    requests: strategies.FixedWindowRateLimiter
    logins: strategies.MovingWindowRateLimiter

    @classmethod
    def over(cls, storage: Storage) -> "_Counters":
        return cls(
            storage,
            strategies.FixedWindowRateLimiter(storage),
            strategies.MovingWindowRateLimiter(storage),
        )


class RateLimiter:
    """The service's budgets over one `limits` storage, with memory as the fallback.

    Login failures follow OWASP's advice: a budget per (address, username) pair and a larger
    one per address; a username under attack from many addresses is slowed down, not locked,
    so a correct password from an address that has not been failing still gets in.
    """

    def __init__(
        self,
        storage: Storage,
        *,
        request_limit: RateLimitItem,
        login_limit: RateLimitItem,
        login_ip_limit: RateLimitItem,
        empresa_limit: RateLimitItem | None = None,
        fallback: Storage | None = None,
    ) -> None:
        self.storage = storage
        self.request_limit = request_limit
        self.empresa_limit = empresa_limit
        self.login_limit = login_limit
        self.login_ip_limit = login_ip_limit
        self._primary = _Counters.over(storage)
        self._fallback = _Counters.over(fallback) if fallback is not None else None
        self._last_error_log = -math.inf
        self._storage_paused_until = -math.inf

    @classmethod
    def from_settings(cls, settings: Settings) -> "RateLimiter":
        storage = create_storage(settings.redis_url, settings.rate_limit_key_prefix)
        return cls(
            storage,
            request_limit=parse(settings.rate_limit_default),
            login_limit=parse(settings.rate_limit_login),
            login_ip_limit=parse(settings.rate_limit_login_ip),
            empresa_limit=parse(settings.rate_limit_empresa),
            # Losing Redis must neither take the API down nor switch the limits off.
            fallback=InProcessStorage() if settings.redis_url else None,
        )

    @property
    def storage_state(self) -> str:
        """What /health/ready reports: where the counters live right now."""
        if self._fallback is None:
            return "memória"
        if time.monotonic() < self._storage_paused_until:
            return "memória (Redis indisponível)"
        return "redis"

    async def hit_request(self, caller: str) -> int | None:
        """Count one request of a caller; None when allowed, else the seconds to wait."""
        return await self._hit(self.request_limit, "req", caller)

    async def hit_empresa(self, empresa_id: int) -> int | None:
        """Count one request against its empresa's shared budget (None: allowed)."""
        if self.empresa_limit is None:
            return None
        return await self._hit(self.empresa_limit, "empresa", str(empresa_id))

    async def _hit(self, item: RateLimitItem, *identifiers: str) -> int | None:
        async def hit(counters: _Counters) -> int | None:
            if await counters.requests.hit(item, *identifiers):
                return None
            return _seconds_until(await counters.requests.get_window_stats(item, *identifiers))

        return await self._run(hit)

    async def check_login(self, ip: str, username: str) -> float:
        """Raise 429 while this pair or this address has used up its failed-login budget.

        Returns the seconds this attempt should wait because of the username's recent failures
        from everywhere (0 for a username nobody is attacking).
        """
        user = _username_key(username)
        budgets = (
            (self.login_limit, ("login-par", ip, user)),
            (self.login_ip_limit, ("login-ip", ip)),
        )

        async def check(counters: _Counters) -> float:
            for item, identifiers in budgets:
                if not await counters.logins.test(item, *identifiers):
                    stats = await counters.logins.get_window_stats(item, *identifiers)
                    raise LoginRateLimitedError(headers={"Retry-After": str(_seconds_until(stats))})
            stats = await counters.logins.get_window_stats(SLOWDOWN_WINDOW, "login-user", user)
            return _slowdown(SLOWDOWN_WINDOW.amount - stats.remaining)

        return await self._run(check)

    async def record_login_failure(self, ip: str, username: str) -> None:
        user = _username_key(username)

        async def record(counters: _Counters) -> None:
            await counters.logins.hit(self.login_limit, "login-par", ip, user)
            await counters.logins.hit(self.login_ip_limit, "login-ip", ip)
            await counters.logins.hit(SLOWDOWN_WINDOW, "login-user", user)

        await self._run(record)

    async def _run(self, operation: Callable[[_Counters], Awaitable[T]]) -> T:
        """Run against the shared storage; while it is failing, against process memory.

        After a failure the shared storage is left alone for a few seconds, so an unreachable
        Redis costs one timeout per pause rather than one per request.
        """
        if self._fallback is None:
            return await operation(self._primary)
        now = time.monotonic()
        if now < self._storage_paused_until:
            return await operation(self._fallback)
        try:
            return await operation(self._primary)
        except TooManyRequestsError:
            raise
        except Exception:
            self._storage_paused_until = now + STORAGE_RETRY_SECONDS
            if now - self._last_error_log >= _ERROR_LOG_INTERVAL_SECONDS:
                self._last_error_log = now
                logger.exception(
                    "Redis indisponível para os limites: contando na memória deste processo "
                    "(limites por processo até o Redis voltar)"
                )
            return await operation(self._fallback)


def _seconds_until(stats: WindowStats) -> int:
    return max(1, math.ceil(stats.reset_time - time.time()))


def _slowdown(failures: int) -> float:
    if failures < SLOWDOWN_AFTER:
        return 0.0
    return min(SLOWDOWN_FIRST_SECONDS * 2 ** (failures - SLOWDOWN_AFTER), SLOWDOWN_MAX_SECONDS)


def create_storage(redis_url: str | None, key_prefix: str) -> Storage:
    if redis_url is None:
        return InProcessStorage()
    return storage_from_string(
        f"async+{redis_url}",
        key_prefix=key_prefix,
        connect_timeout=REDIS_TIMEOUT_SECONDS,
        stream_timeout=REDIS_TIMEOUT_SECONDS,
    )


def _username_key(username: str) -> str:
    # Usernames are client-chosen text: hash them into a short, case-folded, key-safe token.
    return hashlib.sha256(username.strip().casefold().encode("utf-8", "replace")).hexdigest()[:32]


def client_ip(scope: Scope) -> str:
    # Behind trusted proxies ForwardedClientMiddleware (TRUSTED_PROXY_HOPS) rewrites `client`.
    client = scope.get("client")
    return client[0] if client else "unknown"


def caller_key(scope: Scope, token_settings: TokenSettings) -> tuple[str, int | None]:
    """The account of a valid bearer token and its empresa, else the client IP (and None).

    Keyed on the verified claims, not the raw header: random tokens cannot buy fresh budgets,
    and every token of one account shares the same one.
    """
    authorization = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value.decode("latin-1")
            break
    token = bearer_token(authorization)
    if token is not None:
        claims = request_token_claims(scope.setdefault("state", {}), token, token_settings)
        if claims is not None:
            return f"user:{claims.user_id}", claims.empresa_id
    return f"ip:{client_ip(scope)}", None


class RateLimitMiddleware:
    """The per-caller request budget, then the caller's empresa's shared one; 429 with
    Retry-After when either runs out."""

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
            key, empresa_id = caller_key(scope, state.token_settings)
            refused: type[TooManyRequestsError] = TooManyRequestsError
            retry_after = await limiter.hit_request(key)
            if retry_after is None and empresa_id is not None:
                refused = EmpresaRateLimitedError
                retry_after = await limiter.hit_empresa(empresa_id)
            if retry_after is not None:
                await send_error(
                    send, 429, refused.detail, refused.code, {"Retry-After": str(retry_after)}
                )
                return
        await self.app(scope, receive, send)
