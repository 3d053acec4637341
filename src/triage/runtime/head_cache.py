"""On-disk cache of the fitted classifier head (TF-IDF vocabulary + linear weights).

Fitting encodes every catalog example and runs L-BFGS (1-6 s per worker start); the result
only depends on the catalog, the encoder and this package's code, so it is saved once and
loaded afterwards. Format: numpy `.npz` read with `allow_pickle=False` (plain arrays and
JSON text, never pickle). A missing, corrupted or mismatched file is ignored and rebuilt;
writes go to a temporary file renamed into place, so concurrent workers never see half a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

import numpy as np

from src.triage.runtime import features, linear, local, text
from src.triage.runtime.catalog import Catalog
from src.triage.runtime.features import TfidfFeaturizer
from src.triage.runtime.linear import LinearModel

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
KEEP_FILES = 8  # older heads (previous catalogs or code) are pruned beyond this
# The fitted head depends on this code: any change to it refits once.
_CODE_MODULES = (features, linear, local, text)


def default_cache_dir() -> Path:
    """Beside the encoder's default folder, in the user's cache (writable in the container)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "central-atendimento" / "triage" / "heads"


def _code_digest() -> str:
    digest = hashlib.sha256(f"format={FORMAT_VERSION}".encode())
    for source in (*(m.__file__ for m in _CODE_MODULES), __file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def cache_key(catalog: Catalog, encoder_id: str) -> str:
    """Catalog version and examples + encoder (and onnxruntime) + code: any change refits."""
    textos, rotulos = catalog.training_pairs()
    payload = {
        "catalogo": catalog.versao,
        "exemplos": [textos, rotulos],
        "encoder": encoder_id,
        "codigo": _code_digest(),
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:32]


def _json_array(value: object) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), dtype=np.uint8)


def _from_json_array(array: np.ndarray) -> object:
    return json.loads(array.tobytes().decode())


def save(cache_dir: Path, key: str, featurizer: TfidfFeaturizer, model: LinearModel) -> Path | None:
    """Write the head atomically; None (logged) when the folder is not writable."""
    vocab = sorted(featurizer.vocab, key=featurizer.vocab.__getitem__)
    meta = {"key": key, "format": FORMAT_VERSION, "classes": list(model.classes)}
    arrays = {
        "meta": _json_array(meta),
        "vocab": _json_array(vocab),
        "idf": featurizer.idf,
        "w_sparse": model.w_sparse,
        "w_dense": model.w_dense,
        "bias": model.bias,
    }
    path = cache_dir / f"{key}.npz"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(path, arrays)
    except OSError as error:
        logger.warning("triagem: não foi possível gravar o modelo em cache (%s)", error)
        return None
    _prune(cache_dir)
    return path


def _write_atomically(path: Path, arrays: dict[str, np.ndarray]) -> None:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".head-", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)  # atomic on POSIX: readers see the old file or the new one
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load(cache_dir: Path, key: str) -> tuple[TfidfFeaturizer, LinearModel] | None:
    """The cached head for this key, or None when absent or unusable (then it is refitted)."""
    path = cache_dir / f"{key}.npz"
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return _parts(data, key)
    except Exception as error:  # any unreadable or inconsistent file is only a cache miss
        logger.warning("triagem: modelo em cache ignorado (%s): %s", path.name, error)
        return None


def _parts(data, key: str) -> tuple[TfidfFeaturizer, LinearModel]:
    meta = _from_json_array(data["meta"])
    if meta.get("key") != key or meta.get("format") != FORMAT_VERSION:
        raise ValueError("chave ou formato diferente")
    vocab = _from_json_array(data["vocab"])
    classes = tuple(meta["classes"])
    idf, w_sparse = data["idf"], data["w_sparse"]
    w_dense, bias = data["w_dense"], data["bias"]
    n_classes = len(classes)
    if not (
        len(vocab) == len(idf) == w_sparse.shape[0]
        and w_sparse.shape[1:] == w_dense.shape[1:] == bias.shape == (n_classes,)
    ):
        raise ValueError("dimensões inconsistentes")
    featurizer = TfidfFeaturizer()
    featurizer.vocab = {gram: i for i, gram in enumerate(vocab)}
    featurizer.idf = idf.astype(np.float32)
    model = LinearModel(classes, w_sparse, w_dense, bias)
    return featurizer, model


def _prune(cache_dir: Path) -> None:
    try:
        dated = [(p.stat().st_mtime, p) for p in cache_dir.glob("*.npz")]
        for _, old in sorted(dated, reverse=True)[KEEP_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:  # another worker pruned at the same time: nothing to do
        pass
