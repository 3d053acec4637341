"""Multilingual sentence encoder: Universal Sentence Encoder Multilingual v3 (8-bit ONNX).

The artefact is prepared once at install time by `src.triage.build.encoder`
(`atendimento triage build-model`): a graph, its weights in a separate file and a manifest.
Here, at run time, the weights are memory-mapped: the embedding tables (65 MB) are only paged
in for the tokens actually seen, and the page cache is shared by every gunicorn worker.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import mmap
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_ID = "use-multilingual-v3-onnx-q8"
GRAPH_FILE, WEIGHTS_FILE, MANIFEST_FILE = "model.onnx", "model.data", "manifest.json"
MMAP_MIN_BYTES = 1 << 16  # smaller tensors are copied: not worth a mapping
DIMENSION = 512
UNMAP_EVERY = 2000  # messages between releases of the embedding pages (release_mapped_pages)
# ONNX TensorProto.DataType codes (as written in the manifest) -> numpy dtypes.
NUMPY_DTYPES = {
    1: np.float32,
    2: np.uint8,
    3: np.int8,
    5: np.int16,
    6: np.int32,
    7: np.int64,
    9: np.bool_,
    10: np.float16,
    11: np.float64,
}


class EncoderUnavailableError(RuntimeError):
    """The encoder artefact has not been built (run `atendimento triage build-model`)."""


def default_model_dir() -> Path:
    if env := os.environ.get("TRIAGE_MODEL_DIR"):
        return Path(env)
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "central-atendimento" / "triage" / MODEL_ID


def session_options(threads: int = 1):
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
        options = session_options()
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
            release_mapped_pages(self.keepalive)
        return self.session.run(None, {"inputs": [texto]})[0][0]

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
            "rode `atendimento triage build-model` na instalação"
        )
    manifest = json.loads(path.read_text())
    if manifest.get("model_id") != MODEL_ID:
        raise EncoderUnavailableError(f"manifesto de outro modelo em {model_dir}")
    return manifest


def _map_tensor(weights: Path, tensor: dict) -> np.ndarray:
    dtype = NUMPY_DTYPES[tensor["dtype"]]
    shape = tuple(tensor["shape"])
    # copy-on-write mapping: writable for onnxruntime, still backed by the shared page cache
    array = np.memmap(weights, dtype=dtype, mode="c", offset=tensor["offset"], shape=shape)
    return array if tensor["length"] >= MMAP_MIN_BYTES else np.array(array)


# --- memory tricks: the worker's RSS budget, docs/performance.md "Metas" (pico de RSS) --------


def release_free_heap() -> None:
    """Give the ONNX parsing buffers and fit temporaries back to the OS (glibc's malloc_trim).

    glibc keeps freed heap mapped otherwise, and it would count in every worker's RSS.
    """
    # Figure: docs/performance.md, "Metas", row "pico de RSS ≤ 200 MB por worker".
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def release_mapped_pages(keepalive: list) -> None:
    """Drop the embedding pages touched so far from this process's RSS (madvise DONTNEED).

    They stay in the shared page cache and fault back in (a few µs) when needed again;
    without this, RSS creeps up by the rows of every token ever seen (up to 65 MB).
    Safe with concurrent readers: the mapping is never written.
    """
    # Figure: docs/performance.md, "Metas", row "pico de RSS ≤ 200 MB por worker" (RssFile).
    for item in keepalive:
        mapping = getattr(item, "_mmap", None)
        if mapping is not None and hasattr(mmap, "MADV_DONTNEED"):
            mapping.madvise(mmap.MADV_DONTNEED)
