"""The fitted model is cached on disk by catalog, encoder and code: restarts skip the fit."""

import logging
from pathlib import Path

import numpy as np
import pytest
import yaml

from src.triage import Triador, TriageConfig
from src.triage.runtime.catalog import CATALOGO_PADRAO

FITTED = "modelo ajustado e gravado no cache"
LOADED = "modelo carregado do cache"
PROBES = ["segunda via do boleto", "quero cancelar", "o app não abre", "bom dia"]


def _build(model_dir: Path, cache_dir: Path, catalog: Path | None = None) -> Triador:
    config = TriageConfig(
        backend="local",
        model_dir=model_dir,
        require_encoder=True,
        cache_dir=cache_dir,
        catalog_path=catalog,
    )
    return Triador.build(config)


def _heads(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.npz"))


@pytest.fixture
def caplog_info(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="src.triage")
    return caplog


def test_second_start_loads_the_cached_model_with_the_same_answers(
    model_dir, tmp_path, caplog_info
):
    fitted = _build(model_dir, tmp_path)
    assert FITTED in caplog_info.text
    [head] = _heads(tmp_path)
    mtime = head.stat().st_mtime_ns
    caplog_info.clear()

    cached = _build(model_dir, tmp_path)

    assert LOADED in caplog_info.text
    assert FITTED not in caplog_info.text
    assert _heads(tmp_path) == [head]
    assert head.stat().st_mtime_ns == mtime
    for mensagem in PROBES:
        assert cached.classify(mensagem) == fitted.classify(mensagem)


def test_a_changed_catalog_is_fitted_again(model_dir, tmp_path, caplog_info):
    _build(model_dir, tmp_path / "cache")
    data = yaml.safe_load(CATALOGO_PADRAO.read_text(encoding="utf-8"))
    data["intencoes"][0]["exemplos"].append("mandem o boleto atualizado por e-mail")
    changed = tmp_path / "catalogo.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    caplog_info.clear()

    _build(model_dir, tmp_path / "cache", changed)

    assert FITTED in caplog_info.text
    assert LOADED not in caplog_info.text
    assert len(_heads(tmp_path / "cache")) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other_key"])
def test_a_corrupted_or_foreign_cache_file_is_ignored_and_rebuilt(
    model_dir, tmp_path, caplog_info, damage
):
    _build(model_dir, tmp_path)
    [head] = _heads(tmp_path)
    if damage == "garbage":
        head.write_bytes(b"not a numpy file")
    elif damage == "truncated":
        head.write_bytes(head.read_bytes()[:1000])
    else:  # a valid head saved under another catalog's name
        with np.load(head) as data:
            arrays = dict(data)
        arrays["meta"] = np.frombuffer(b'{"key": "x", "format": 1, "classes": []}', np.uint8)
        with head.open("wb") as fh:
            np.savez(fh, **arrays)
    caplog_info.clear()

    triador = _build(model_dir, tmp_path)

    assert "modelo em cache ignorado" in caplog_info.text
    assert FITTED in caplog_info.text
    assert triador.classify("segunda via do boleto").intencao == "documento"
    caplog_info.clear()
    _build(model_dir, tmp_path)
    assert LOADED in caplog_info.text  # the rebuilt file is whole again


def test_an_unwritable_cache_only_costs_the_fit(model_dir, tmp_path, caplog_info):
    blocker = tmp_path / "arquivo"
    blocker.write_text("not a folder")
    triador = _build(model_dir, blocker / "heads")
    assert "não foi possível gravar o modelo em cache" in caplog_info.text
    assert triador.classify("segunda via do boleto").intencao == "documento"


def test_cache_never_holds_pickled_objects(model_dir, tmp_path):
    _build(model_dir, tmp_path)
    [head] = _heads(tmp_path)
    with np.load(head, allow_pickle=False) as data:
        assert all(data[name].dtype != object for name in data.files)
