"""Verified tokens are remembered, but never past their expiry nor under another key."""

import time

import jwt

from src.core import security
from src.core.security import (
    TokenClaims,
    TokenSettings,
    create_access_token,
    decode_access_token,
)

SETTINGS = TokenSettings(secret_key="k" * 48, algorithm="HS256", expire_minutes=30)
OTHER_KEY = TokenSettings(secret_key="z" * 48, algorithm="HS256", expire_minutes=30)


def test_a_remembered_token_still_expires():
    now = int(time.time())
    claims = {"sub": "ana", "uid": 7, "ver": "v1", "emp": 3, "iat": now, "exp": now + 1}
    token = jwt.encode(claims, SETTINGS.secret_key, algorithm=SETTINGS.algorithm)
    assert decode_access_token(token, SETTINGS) == TokenClaims("ana", 7, "v1", 3)
    assert token in security._VERIFIED
    time.sleep(max(0.0, now + 1 - time.time()) + 0.05)
    assert decode_access_token(token, SETTINGS) is None


def test_a_remembered_token_is_checked_again_under_another_key():
    token = create_access_token("ana", SETTINGS, user_id=7, version="v1", empresa_id=3)
    assert decode_access_token(token, SETTINGS) == TokenClaims("ana", 7, "v1", 3)
    assert decode_access_token(token, OTHER_KEY) is None
