"""Nothing a client sends can forge or hide a log line: the formatter escapes control
characters for every logger, and tracebacks stay readable but indented."""

import io
import logging
from collections.abc import Iterator

import pytest

from src.core.logging import _HANDLER_NAME

FORGED = "2026-01-01 00:00:00,000 INFO atendimento.access GET /admin 200"


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What our own stderr handler writes, with its real formatter, at INFO."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if h.get_name() == _HANDLER_NAME)
    stream = io.StringIO()
    previous_stream = handler.setStream(stream)
    previous_level = root.level
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.setLevel(previous_level)
        handler.setStream(previous_stream)


def _lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


async def test_encoded_newline_in_the_path_stays_on_the_access_line(client, log_output):
    await client.get("/chamados/%0a2026-01-01%20INFO%20fake%0d%0a" + FORGED.replace(" ", "%20"))

    access = [line for line in _lines(log_output) if " atendimento.access " in line]
    assert len(access) == 1
    assert "GET /chamados/\\n2026-01-01 INFO fake\\r\\n2026-01-01" in access[0]
    assert not any(line.startswith("2026-01-01") for line in _lines(log_output))


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("ana\r\n" + FORGED, "ana\\r\\n2026"),
        ("ana\x1b[2J", "ana\\x1b[2J"),  # terminal escape
        ("ana\x85" + FORGED, "ana\\x85"),  # C1 next line
        ("ana\u2028" + FORGED, "ana\\u2028"),  # line separator
        ("fatura\u202efdp.exe", "fatura\\u202efdp.exe"),  # right-to-left override
        ("a\u2066b\u2069", "a\\u2066b\\u2069"),  # isolates
        ("a\tb\x00c\x7f", "a\\tb\\x00c\\x7f"),
    ],
)
def test_any_logger_escapes_control_characters(log_output, hostile, shown):
    logging.getLogger("src.auth.service").warning("login falhou para %s", hostile)

    lines = _lines(log_output)
    assert len(lines) == 1
    assert shown in lines[0]


def test_uvicorn_messages_go_through_the_same_formatter(log_output):
    logging.getLogger("uvicorn.error").warning("pedido inválido: %s", "x\n" + FORGED)

    assert len(_lines(log_output)) == 1


def test_traceback_keeps_its_lines_but_cannot_start_a_record(log_output):
    try:
        raise RuntimeError("falhou\n" + FORGED)
    except RuntimeError:
        logging.getLogger("atendimento.errors").exception("erro em %s", "/x\n" + FORGED)

    first, *traceback = _lines(log_output)
    assert first.endswith("erro em /x\\n" + FORGED)
    assert traceback[0] == "    Traceback (most recent call last):"
    assert any("RuntimeError: falhou" in line for line in traceback)
    assert all(line.startswith("    ") for line in traceback)
