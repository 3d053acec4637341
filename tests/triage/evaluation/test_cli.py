import json

from typer.testing import CliRunner

from src.triage.cli import app

runner = CliRunner()


def _credsystem_args(require_data) -> list[str]:
    return [
        "eval",
        "--train",
        str(require_data("credsystem-ptbr", "intents_pre_loaded.csv")),
        "--text-col",
        "intent",
        "--label-col",
        "service_name",
        "--sep",
        ";",
    ]


def test_eval_json_has_the_documented_keys(model_dir, require_data) -> None:
    test = require_data("credsystem-ptbr", "extra_intents.csv")
    args = [
        *_credsystem_args(require_data),
        "--test",
        str(test),
        "--json",
        "--oos-label",
        "Reclamações",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    for key in ("accuracy", "macro_f1", "auto_precision", "auto_coverage", "p50_ms", "p99_ms"):
        assert isinstance(report[key], float)
    assert report["oos_total"] == 5
    assert 0.0 <= report["oos_recall"] <= 1.0


def test_eval_text_report_with_keywords_backend(require_data) -> None:
    test = require_data("credsystem-ptbr", "extra_intents.csv")
    result = runner.invoke(
        app, [*_credsystem_args(require_data), "--test", str(test), "--backend", "keywords"]
    )
    assert result.exit_code == 0, result.output
    assert "acurácia" in result.output
    assert "pares mais confundidos" in result.output


def test_eval_needs_test_or_loo(require_data) -> None:
    result = runner.invoke(app, _credsystem_args(require_data))
    assert result.exit_code != 0
