import json

from src.triage.build.onnx_meta import external_initializers
from src.triage.runtime.encoder import MANIFEST_FILE, NUMPY_DTYPES


def test_onnx_metadata_reader_finds_external_tensors(model_dir) -> None:
    graph = (model_dir / "model.onnx").read_bytes()
    tensors = external_initializers(graph)
    shapes = {tuple(t["shape"]) for t in tensors}
    assert (7530, 512) in shapes  # the sharded embedding table
    assert all(t["length"] > 0 for t in tensors)


def test_the_built_manifest_lists_tensors_the_runtime_can_map(model_dir) -> None:
    manifest = json.loads((model_dir / MANIFEST_FILE).read_text())
    assert manifest["initializers"]
    assert {t["dtype"] for t in manifest["initializers"]} <= set(NUMPY_DTYPES)
