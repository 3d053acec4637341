"""Property-based fuzzing of every operation in the app's own OpenAPI schema (schemathesis).

Positive and negative inputs, with an admin token: no 5xx, and status codes, content types,
headers and bodies must match what the schema documents. The suite runs a bounded number of
examples per operation; FUZZ_EXAMPLES raises it for a long run:

    FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/security/test_fuzz.py -p no:cacheprovider -s
"""

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks as builtin_checks
from schemathesis.specs.openapi import checks as openapi_checks

from src.core.config import Settings
from src.core.security import create_access_token, hash_password
from src.main import create_app
from src.models import Papel, Usuario

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Far from the boundaries the fuzzer tries first (1, 2**31 - 1): PATCH /usuarios/{id} must not
# deactivate the fuzzer's own account and turn the rest of the run into 401s.
FUZZ_ADMIN_ID = 1_234_567_891
FUZZ_ADMIN = "fuzz.admin"

CHECKS = [
    builtin_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]
statuses: Counter[int] = Counter()


@pytest.fixture
async def fuzz_admin_headers(app, db) -> dict[str, str]:
    """An admin account written straight to the shared test database, and its token."""
    db.add(
        Usuario(
            id=FUZZ_ADMIN_ID,
            username=FUZZ_ADMIN,
            email="fuzz.admin@empresa.com.br",
            hashed_password=hash_password("senha-do-fuzz-123"),
            papel=Papel.ADMIN,
        )
    )
    await db.commit()
    token = create_access_token(FUZZ_ADMIN, app.state.token_settings)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def fuzz_schema(settings: Settings, fuzz_admin_headers):
    # Its own app instance: schemathesis serves it from its own event-loop thread, so it needs
    # an engine created there (the lifespan runs on first use). Same database and secret.
    # The request budget is raised so the run exercises the API rather than the 429 path
    # (the login lockout stays as it is and is part of what gets fuzzed).
    fuzz_settings = Settings(
        _env_file=None, **{**settings.model_dump(), "rate_limit_default": "100000/minute"}
    )
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(fuzz_settings))


schema = schemathesis.pytest.from_fixture("fuzz_schema")


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema_and_never_answers_5xx(case, fuzz_admin_headers):
    response = case.call_and_validate(headers=fuzz_admin_headers, checks=CHECKS)
    statuses[response.status_code] += 1


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz_statuses():
    yield
    if statuses:
        total = sum(statuses.values())
        print(f"\nfuzz: {total} cases; status codes: {dict(sorted(statuses.items()))}")
