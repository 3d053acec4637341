"""`.env.example` and the README's configuration table list every setting the code reads, and
nothing that no code reads; the compose path is production whatever `.env` says.

"Read" means: a field of `Settings` or of a domain's settings section (`TriageSettings`, with
its env prefix and aliases), or a variable that `gunicorn.conf.py`
or the application (`src/`) takes from `os.environ`. Those must be documented in both places.
Anything else the files list must at least be read somewhere: `os.environ` in the tools and
benchmark code, or `${VAR}` interpolation in `docker-compose.yml`.

A module that reads `os.environ` with computed keys (a loop over a table of names) declares
its variables as the upper-case string constants of its tuples: the check takes those too.
"""

import ast
import re
from pathlib import Path

import pytest
import yaml
from pydantic import AliasChoices, ValidationError

from src.core.config import EXAMPLE_SECRET_KEYS, Settings
from src.crm.config import CobrancaSettings
from src.triage.config import TriageSettings

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / ".env.example"
README = ROOT / "README.md"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
COMPOSE = ROOT / "docker-compose.yml"
# The service itself: what it reads from the environment must be documented.
SERVICE_READERS = ("src/**/*.py",)
# Tools around it: what they read may be documented.
TOOL_READERS = ("bench/**/*.py", "alembic/**/*.py", "reset_db.py")
# Standard variables of the OS, not settings of this service.
OS_VARIABLES = frozenset({"XDG_CACHE_HOME", "HOME", "PATH"})

VARIABLE = re.compile(r"^[A-Z][A-Z0-9_]*$")
TABLE_VARIABLE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")
# `NAME=value` or, for optional settings shown at their default, `# NAME=value`.
ENV_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=")
COMPOSE_INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)")
ADD_ROW_HINT = (
    "documente em .env.example (linha `NOME=` ou `# NOME=padrão`) e numa linha da tabela "
    "de '## Configuração' do README.md"
)


# The core settings and each domain's own section.
SETTINGS_CLASSES = (Settings, TriageSettings, CobrancaSettings)


def settings_variables() -> set[str]:
    names = set()
    for settings_class in SETTINGS_CLASSES:
        prefix = settings_class.model_config.get("env_prefix", "")
        for name, field in settings_class.model_fields.items():
            alias = field.validation_alias
            if isinstance(alias, AliasChoices):
                names.update(str(choice).upper() for choice in alias.choices)
            elif isinstance(alias, str):
                names.add(alias.upper())
            else:
                names.add(f"{prefix}{name}".upper())
    return names


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ"
    )


def _read_key(node: ast.AST) -> ast.expr | None:
    """The key expression of an environment read, or None when the node is not one."""
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        is_get = isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value)
        is_getenv = (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
            isinstance(func, ast.Name) and func.id == "getenv"
        )
        return node.args[0] if is_get or is_getenv else None
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return node.slice if _is_environ(node.value) else None
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In):
        return node.left if _is_environ(node.comparators[0]) else None
    return None


def environ_reads(path: Path) -> set[str]:
    """Variables a Python file reads from `os.environ` (literal keys or module constants)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    names = set()
    computed_keys = False
    for node in ast.walk(tree):
        key = _read_key(node)
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
        elif isinstance(key, ast.Name) and key.id in constants:
            names.add(constants[key.id])
        elif key is not None:
            computed_keys = True
    if computed_keys:
        names |= {
            element.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Tuple)
            for element in node.elts
            if isinstance(element, ast.Constant)
            and isinstance(element.value, str)
            and TABLE_VARIABLE.match(element.value)
        }
    return {name for name in names if VARIABLE.match(name)} - OS_VARIABLES


def _reads_under(patterns: tuple[str, ...]) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            names |= environ_reads(path)
    return names


def required_variables() -> set[str]:
    return settings_variables() | environ_reads(GUNICORN_CONF) | _reads_under(SERVICE_READERS)


def known_variables() -> set[str]:
    names = required_variables() | _reads_under(TOOL_READERS)
    names |= set(COMPOSE_INTERPOLATION.findall(COMPOSE.read_text(encoding="utf-8")))
    return names


def env_example_variables() -> set[str]:
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    return {match.group(1) for line in lines if (match := ENV_LINE.match(line.strip()))}


def readme_table_variables() -> set[str]:
    """Variables named in the first column of the tables under '## Configuração'."""
    names: set[str] = set()
    in_section = False
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_section = line.strip() == "## Configuração"
            continue
        if in_section and line.startswith("|"):
            first_cell = line.strip("|").split("|")[0]
            names.update(n for n in re.findall(r"`([^`]+)`", first_cell) if VARIABLE.match(n))
    return names


@pytest.mark.parametrize(
    ("document", "listed"),
    [(".env.example", env_example_variables), ("README.md", readme_table_variables)],
)
def test_every_setting_the_code_reads_is_documented(document: str, listed) -> None:
    missing = required_variables() - listed()
    assert not missing, f"{document} não lista {sorted(missing)}: {ADD_ROW_HINT}"


@pytest.mark.parametrize(
    ("document", "listed"),
    [(".env.example", env_example_variables), ("README.md", readme_table_variables)],
)
def test_documents_list_nothing_the_code_ignores(document: str, listed) -> None:
    ignored = listed() - known_variables()
    assert not ignored, f"{document} lista {sorted(ignored)}, que nenhum código lê"


def test_the_checks_see_the_settings_they_are_meant_to_see() -> None:
    # Guards the parsers above: an empty set would make the other tests pass vacuously.
    assert {"PORT", "APP_PORT", "TRIAGE_CATALOG_PATH", "DB_ECHO"} <= settings_variables()
    assert {"TRIAGE_BACKEND", "TRIAGE_REQUIRE_MODEL"} <= settings_variables()
    assert {"GUNICORN_TIMEOUT", "GUNICORN_KEEPALIVE", "WEB_CONCURRENCY"} <= environ_reads(
        GUNICORN_CONF
    )
    assert {"APP_ENV", "SECRET_KEY"} <= readme_table_variables()


def _clear_settings_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Values exported by CI or the shell would win over the file under test.
    for name in required_variables() | env_example_variables():
        monkeypatch.delenv(name, raising=False)


def test_env_example_loads_as_is_for_development(monkeypatch: pytest.MonkeyPatch) -> None:
    _clear_settings_environment(monkeypatch)
    settings = Settings(_env_file=ENV_EXAMPLE)
    assert not settings.is_production


def test_env_example_secret_is_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `cp .env.example .env && docker compose up` does: compose forces production."""
    _clear_settings_environment(monkeypatch)
    monkeypatch.setenv("APP_ENV", "production")
    with pytest.raises(ValidationError, match="valor de exemplo"):
        Settings(_env_file=ENV_EXAMPLE)
    example = Settings(_env_file=ENV_EXAMPLE, app_env="development").secret_key
    assert example is not None
    assert example.get_secret_value() in EXAMPLE_SECRET_KEYS


def test_compose_runs_production_whatever_env_file_says() -> None:
    api = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]["api"]
    # `environment:` wins over `env_file:`, and a literal (no `${APP_ENV...}`) cannot be
    # changed by the .env that compose also reads for interpolation.
    assert api["environment"]["APP_ENV"] == "production"


def test_compose_refuses_to_start_without_a_database_password() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    uses = re.findall(r"\$\{POSTGRES_PASSWORD([^}]*)\}", text)
    assert uses
    assert all(use.startswith(":?") for use in uses), uses
    assert re.search(r"^POSTGRES_PASSWORD=$", ENV_EXAMPLE.read_text(encoding="utf-8"), re.M)
