"""The triage reads its own settings section (TRIAGE_*); core settings know nothing of it."""

import subprocess
import sys

from src.triage import TriageConfig
from src.triage.config import TriageSettings


def test_triage_settings_come_from_triage_variables(monkeypatch) -> None:
    monkeypatch.setenv("TRIAGE_BACKEND", "keywords")
    monkeypatch.setenv("TRIAGE_MIN_CONFIDENCE", "0.7")
    config = TriageSettings(_env_file=None).triage_config(production=False)
    assert config.backend == "keywords"
    assert config.min_confidence == 0.7


def test_unset_thresholds_keep_the_tuned_defaults() -> None:
    tuned = TriageSettings(_env_file=None, backend="local").triage_config(production=False)
    assert tuned.min_confidence == TriageConfig().min_confidence
    assert tuned.min_margin == TriageConfig().min_margin


def test_the_encoder_is_required_in_production_unless_told_otherwise() -> None:
    assert TriageSettings(_env_file=None).triage_config(production=True).require_encoder
    assert not TriageSettings(_env_file=None).triage_config(production=False).require_encoder
    relaxed = TriageSettings(_env_file=None, require_model=False)
    assert not relaxed.triage_config(production=True).require_encoder


def test_core_settings_do_not_import_the_triage() -> None:
    code = (
        "import sys, src.core.config; print(any(m.startswith('src.triage') for m in sys.modules))"
    )
    # our own interpreter running a fixed snippet
    run = [sys.executable, "-c", code]
    out = subprocess.run(run, capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "False"


async def test_the_app_builds_its_triador_from_the_triage_settings(settings) -> None:
    from src.main import create_app

    application = create_app(settings, triage_settings=TriageSettings(backend="keywords"))
    async with application.router.lifespan_context(application):
        assert application.state.triador.classify("segunda via do boleto").backend == "keywords"
