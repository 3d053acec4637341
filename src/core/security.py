"""Password hashing and JWT access tokens."""

import asyncio
import contextlib
import os
import secrets
import threading
import time
from collections.abc import Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar, TypeVar

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

from src.core.errors import AppError

T = TypeVar("T")

# OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong, yet a login burst on a
# small worker does not blow its memory budget. bcrypt stays to verify the legacy hashes.
ARGON2_PARAMETERS = {"memory_cost": 19 * 1024, "time_cost": 2, "parallelism": 1}
password_hash = PasswordHash((Argon2Hasher(**ARGON2_PARAMETERS), BcryptHasher()))


# Only these threads ever run argon2 (19 MiB per hash). glibc keeps a freed block in the
# malloc arena of the thread that used it, so hashing on any of the thread pool's 40 threads
# let each of them keep 19 MiB (a login burst took a worker to ~700 MB). One per core is as
# fast: the work is CPU-bound (docs/performance.md, "Login": "Executor próprio").
def _lower_thread_priority() -> None:
    # A login flood must not starve everything else: the event loop's thread wins the CPU
    # over hashing (on Linux, setpriority on a thread id renices that thread alone).
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_THREAD_NICENESS)


HASH_THREAD_NICENESS = 10
_HASHER = ThreadPoolExecutor(
    max_workers=max(1, os.cpu_count() or 1),
    thread_name_prefix="hash",
    initializer=_lower_thread_priority,
)

# Verifying against this when the username does not exist makes both paths cost the same.
_DUMMY_HASH = password_hash.hash("conta-inexistente-para-igualar-o-tempo")


class PasswordHashBusyError(AppError):
    status_code = 503
    code = "auth_busy"
    detail = "Muitas verificações de senha em andamento. Tente novamente em instantes."
    headers: ClassVar[dict[str, str] | None] = {"Retry-After": "1"}


class _HashQueue:
    """Hashes waiting or running in this process; past the bound, a fast 503 instead of a
    queue that grows with the flood (counted on the event loop's thread: no lock needed)."""

    def __init__(self, max_pending: int) -> None:
        self.max_pending = max_pending
        self.pending = 0

    async def run(self, function: Callable[..., T], *args: object) -> T:
        if self.pending >= self.max_pending:
            raise PasswordHashBusyError()
        self.pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(_HASHER, function, *args)
        finally:
            self.pending -= 1


_QUEUE = _HashQueue(max_pending=16)


def configure_password_hashing(max_pending: int) -> None:
    _QUEUE.max_pending = max_pending


def hash_password(password: str) -> str:
    """Blocking; for the CLI and tests. Requests use `hash_password_async`."""
    return _HASHER.submit(password_hash.hash, password).result()


async def hash_password_async(password: str) -> str:
    return await _QUEUE.run(password_hash.hash, password)


async def verify_password_async(password: str, hashed: str | None) -> tuple[bool, str | None]:
    """Check a password; the second item is a fresh hash when the stored one is outdated."""
    return await _QUEUE.run(_verify, password, hashed)


def _verify(password: str, hashed: str | None) -> tuple[bool, str | None]:
    if hashed is None:
        password_hash.verify(password, _DUMMY_HASH)
        return False, None
    return password_hash.verify_and_update(password, hashed)


@dataclass(frozen=True, slots=True)
class TokenSettings:
    secret_key: str
    algorithm: str
    expire_minutes: int


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """Who a verified token speaks for.

    `sub` stays the username (v1 contract); `uid` and `ver` bind the token to one account and
    to its current token version, so a password change, a deactivation or a recreated account
    with the same username all invalidate older tokens.
    """

    subject: str
    user_id: int
    version: str
    # The account's empresa: scopes the rate-limit budget and the idempotency keys before the
    # account is loaded. The account itself is still checked against it on every request.
    empresa_id: int


def new_token_version() -> str:
    """A fresh random token version: unguessable, and never equal to an earlier account's."""
    return secrets.token_hex(16)


def create_access_token(
    subject: str, settings: TokenSettings, *, user_id: int, version: str, empresa_id: int
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "uid": user_id,
        "ver": version,
        "emp": empresa_id,
        "iat": now,
        "exp": now + timedelta(minutes=settings.expire_minutes),
    }
    return jwt.encode(claims, settings.secret_key, algorithm=settings.algorithm)


# Ours are ~250 characters; anything far longer is garbage not worth decoding.
MAX_TOKEN_LENGTH = 2048
_CLAIMS_STATE_KEY = "access_token_claims"


# token -> (settings it was checked with, claims, expiry as a POSIX timestamp). Bounded: when
# full it is simply emptied, and the next requests verify their tokens again.
_VERIFIED: dict[str, tuple[TokenSettings, TokenClaims, float]] = {}
_MAX_VERIFIED = 10_000


def decode_access_token(token: str, settings: TokenSettings) -> TokenClaims | None:
    """The token's claims, or None when it is forged, expired or malformed.

    A token that passed verification is remembered until it expires: the same string under the
    same key always verifies the same way, and the HMAC + JSON work (~70 µs) was a tenth of an
    authenticated request (docs/performance.md, "Token verificado uma vez"). Expiry is still
    checked on every use; whether the account still accepts the token is checked by the
    caller, every time.
    """
    cached = _VERIFIED.get(token)
    if cached is not None and cached[0] is settings and time.time() < cached[2]:
        return cached[1]
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        raw = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[settings.algorithm],
            options={"require": ["exp", "iat", "sub", "uid", "ver", "emp"]},
        )
    except jwt.PyJWTError:
        return None
    claims = _valid_claims(raw)
    if claims is None:
        return None
    if len(_VERIFIED) >= _MAX_VERIFIED:
        _VERIFIED.clear()
    _VERIFIED[token] = (settings, claims, float(raw["exp"]))
    return claims


def _valid_claims(raw: dict[str, object]) -> TokenClaims | None:
    subject, user_id, version = raw.get("sub"), raw.get("uid"), raw.get("ver")
    empresa_id = raw.get("emp")
    if not (isinstance(subject, str) and subject and isinstance(version, str) and version):
        return None
    if not (_positive_int(user_id) and _positive_int(empresa_id)):
        return None
    return TokenClaims(subject=subject, user_id=user_id, version=version, empresa_id=empresa_id)


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value (scheme is case-insensitive)."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def request_token_claims(
    state: MutableMapping[str, object], token: str, settings: TokenSettings
) -> TokenClaims | None:
    """`decode_access_token`, memoised in the request state.

    The rate limiter, the idempotency check and the current-user dependency all need the
    claims; the signature is checked once per request.
    """
    cached = state.get(_CLAIMS_STATE_KEY)
    if isinstance(cached, tuple) and cached[0] == token:
        return cached[1]
    claims = decode_access_token(token, settings)
    state[_CLAIMS_STATE_KEY] = (token, claims)
    return claims
