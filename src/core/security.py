"""Password hashing and JWT access tokens."""

import os
import secrets
import time
from collections.abc import MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from pwdlib.hashers.bcrypt import BcryptHasher

# OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): strong, yet a login burst on a
# small worker does not blow its memory budget. bcrypt stays to verify the legacy hashes.
ARGON2_PARAMETERS = {"memory_cost": 19 * 1024, "time_cost": 2, "parallelism": 1}
password_hash = PasswordHash((Argon2Hasher(**ARGON2_PARAMETERS), BcryptHasher()))

# Only these threads ever run argon2 (19 MiB per hash). glibc keeps a freed block in the
# malloc arena of the thread that used it, so hashing on any of the thread pool's 40 threads
# let each of them keep 19 MiB (a login burst took a worker to ~700 MB). One per core is as
# fast: the work is CPU-bound. Callers still come through the thread pool and wait here.
_HASHER = ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1), thread_name_prefix="hash")

# Verifying against this when the username does not exist makes both paths cost the same.
_DUMMY_HASH = password_hash.hash("conta-inexistente-para-igualar-o-tempo")


def hash_password(password: str) -> str:
    return _HASHER.submit(password_hash.hash, password).result()


def verify_password(password: str, hashed: str | None) -> tuple[bool, str | None]:
    """Check a password; the second item is a fresh hash when the stored one is outdated."""
    return _HASHER.submit(_verify, password, hashed).result()


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


def new_token_version() -> str:
    """A fresh random token version: unguessable, and never equal to an earlier account's."""
    return secrets.token_hex(16)


def create_access_token(
    subject: str, settings: TokenSettings, *, user_id: int, version: str
) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "uid": user_id,
        "ver": version,
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
    authenticated request (docs/performance.md, "token cache"). Expiry is still checked on every
    use; whether the account still accepts the token is checked by the caller, every time.
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
            options={"require": ["exp", "iat", "sub", "uid", "ver"]},
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
    if not (isinstance(subject, str) and subject and isinstance(version, str) and version):
        return None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id < 1:
        return None
    return TokenClaims(subject=subject, user_id=user_id, version=version)


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
