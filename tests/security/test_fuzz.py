"""Property-based fuzzing of every operation in the app's own OpenAPI schema (schemathesis).

Positive and negative inputs, with an admin token, and every check schemathesis has (the
`--checks all` of its CLI): no 5xx, status codes, content types, headers and bodies as
documented, schema-valid requests accepted, schema-invalid ones refused, 405 with a truthful
`Allow` header. The suite runs a bounded number of examples per operation; FUZZ_EXAMPLES raises
it for a long run (`make fuzz`, at least 2,000 cases):

    FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/security/test_fuzz.py -p no:cacheprovider -s
"""

import os
import re
import uuid
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, is_check_class, load_all_checks
from schemathesis.config import SchemathesisConfig

from src.core.config import Settings
from src.core.security import create_access_token, hash_password
from src.main import create_app
from src.models import Papel, Usuario
from tests.factories import empresa_padrao_id

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Far from the boundaries the fuzzer tries first (1, 2**31 - 1): PATCH /usuarios/{id} must not
# deactivate the fuzzer's own account and turn the rest of the run into 401s.
FUZZ_ADMIN_ID = 1_234_567_891
FUZZ_ADMIN = "fuzz.admin"

load_all_checks()
# `--checks all`: every check schemathesis registers. The stateful ones (use_after_free,
# ensure_resource_availability) only act on linked sequences of calls; here they see one call.
ALL_CHECKS = [check for check in CHECKS.get_all() if not is_check_class(check)]

# The only tuning, not an exclusion: for these operations a schema-valid request can still
# meet a 400 that depends on stored data, which no schema can express. The v1 contract fixes
# that 400 for an e-mail or username already in use (signup, new cliente; the fuzzer reuses
# the schema examples, so it hits them), and a wrong current password on a password change is
# the same kind of answer. Everything else positive_data_acceptance demands stays.
# Sending a WhatsApp template depends the same way on what is stored: the number of variables
# the synced template has (422 when the body gives another count).
# The CRM's writes meet 422s no schema expresses either: CPF/CNPJ check digits, an end date
# before the start, a plan change to the same plan, and money given as a JSON number with more
# than two decimal places (JSON Schema's multipleOf 0.01 would also refuse valid amounts such as
# 0.29, whose binary float is not an exact multiple, so the schema leaves it to the server).
# Reading the templates of a channel with `atualizar=true` calls Meta; the fuzzed channels point
# at addresses nothing answers, so Meta's absence is a documented 502 (provedor_indisponivel,
# asserted below), not a server error caused by the input.
CONFIG = """
[[operations]]
include-name = ["POST /auth/signup", "POST /auth/me/senha"]
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx",
]

[[operations]]
include-name = ["POST /clientes/", "PATCH /clientes/{cliente_id}"]
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "400", "401", "403", "404", "409", "422", "429", "5xx",
]

[[operations]]
include-name = ["POST /chamados/{chamado_id}/modelo-whatsapp"]
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx",
]

[[operations]]
include-name = [
    "POST /planos/",
    "PATCH /planos/{plano_id}",
    "POST /contratos/",
    "PATCH /contratos/{contrato_id}",
    "POST /contratos/{contrato_id}/mudanca-plano",
    "POST /faturas/",
    "PATCH /faturas/{fatura_id}",
    "POST /pagamentos/",
]
checks.positive_data_acceptance.expected-statuses = [
    "2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx",
]

[[operations]]
include-name = ["GET /canais/{canal_id}/modelos"]
checks.not_a_server_error.expected-statuses = ["2xx", "3xx", "4xx", "502"]
"""
# A valid Idempotency-Key reused with another body is a 422 by design (the rule spans calls,
# which a generator of independent cases cannot know; tests of the header cover it). Valid keys
# are made unique per case; invalid ones are sent as generated, so their refusal is fuzzed.
_VALID_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,255}")


def _unique_idempotency_key(case) -> None:
    headers = case.headers or {}
    for name, value in headers.items():
        valid = isinstance(value, str) and _VALID_IDEMPOTENCY_KEY.fullmatch(value)
        if name.lower() == "idempotency-key" and valid:
            headers[name] = uuid.uuid4().hex


statuses: Counter[int] = Counter()


@pytest.fixture
async def fuzz_admin_headers(app, db) -> dict[str, str]:
    """A platform administrator written straight to the shared test database, and its token
    (so the empresas routes are fuzzed past their role check too)."""
    admin = Usuario(
        id=FUZZ_ADMIN_ID,
        username=FUZZ_ADMIN,
        email="fuzz.admin@empresa.com.br",
        hashed_password=hash_password("senha-do-fuzz-123"),
        papel=Papel.ADMIN,
        superadmin=True,
        empresa_id=await empresa_padrao_id(db),
    )
    db.add(admin)
    await db.commit()
    token = create_access_token(
        FUZZ_ADMIN,
        app.state.token_settings,
        user_id=admin.id,
        version=admin.versao_token,
        empresa_id=admin.empresa_id,
    )
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
    config = SchemathesisConfig.from_str(CONFIG)
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(fuzz_settings), config=config)


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
    _unique_idempotency_key(case)
    response = case.call_and_validate(headers=fuzz_admin_headers, checks=ALL_CHECKS)
    statuses[response.status_code] += 1
    if response.status_code >= 500:  # only the provider's documented absence, never a crash
        assert (response.status_code, response.json()["code"]) == (502, "provedor_indisponivel")


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz_statuses():
    yield
    if statuses:
        total = sum(statuses.values())
        print(f"\nfuzz: {total} cases; status codes: {dict(sorted(statuses.items()))}")
