"""Reads external-initializer metadata from an ONNX file without the `onnx` package.

Only the protobuf fields needed are decoded: ModelProto.graph (7) -> GraphProto.initializer
(5) -> TensorProto dims (1), data_type (2), name (8), external_data (13).
"""

from __future__ import annotations

from collections.abc import Iterator


def _varint(buf: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def _fields(buf: memoryview) -> Iterator[tuple[int, int, object]]:
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos : pos + length], pos + length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, pos = buf[pos : pos + size], pos + size
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


def _packed_varints(buf: memoryview) -> list[int]:
    values, pos = [], 0
    while pos < len(buf):
        value, pos = _varint(buf, pos)
        values.append(value)
    return values


def _tensor(buf: memoryview) -> dict:
    tensor: dict = {"shape": [], "external": {}}
    for number, wire, value in _fields(buf):
        if number == 1:
            tensor["shape"] += [value] if wire == 0 else _packed_varints(value)
        elif number == 2:
            tensor["dtype"] = value
        elif number == 8:
            tensor["name"] = bytes(value).decode()
        elif number == 13:
            entry = {n: bytes(v).decode() for n, _, v in _fields(value)}
            tensor["external"][entry.get(1)] = entry.get(2)
    return tensor


def external_initializers(model: bytes) -> list[dict]:
    """name, dtype (ONNX code), shape, offset and length of every external initializer."""
    found = []
    for number, _, graph in _fields(memoryview(model)):
        if number != 7:
            continue
        for g_number, _, raw in _fields(graph):
            if g_number != 5:
                continue
            tensor = _tensor(raw)
            if "location" not in tensor["external"]:
                continue
            found.append(
                {
                    "name": tensor["name"],
                    "dtype": tensor["dtype"],
                    "shape": tensor["shape"],
                    "offset": int(tensor["external"].get("offset", 0)),
                    "length": int(tensor["external"]["length"]),
                }
            )
    return found
