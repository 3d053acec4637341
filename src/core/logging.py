"""Plain, grep-friendly log lines; the level comes from LOG_LEVEL.

One record is one line: control characters in anything logged (a URL path with an encoded
newline, a username, an exception message) are escaped by the formatter, so no client can forge
a line or hide text. Tracebacks keep their own line breaks but are indented, so none of their
lines can pass for a new record either.
"""

import logging
import re

_HANDLER_NAME = "atendimento-stderr"
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# Loggers that install their own handlers: their records go through ours instead.
_SERVER_LOGGERS = ("uvicorn", "uvicorn.error")

# C0, DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates, lone surrogates
# (which cannot even be written to a UTF-8 stream).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_TRACEBACK = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TRACEBACK_INDENT = "    "


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control_characters(text: str) -> str:
    """`"a\\nb"` -> `"a\\\\nb"`: visible, and on one line."""
    return _UNSAFE.sub(_escape_char, text)


class SafeFormatter(logging.Formatter):
    """Escapes control characters in the message; indents tracebacks and stack traces."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging API)
        return escape_control_characters(super().formatMessage(record))

    def formatException(self, ei) -> str:  # noqa: N802 (logging API)
        return self._indent(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging API)
        return self._indent(super().formatStack(stack_info))

    @staticmethod
    def _indent(text: str) -> str:
        # Line breaks stay (a traceback must stay readable); everything else is escaped, and
        # every line is indented, so an exception message cannot start a fake record.
        text = _UNSAFE_IN_TRACEBACK.sub(_escape_char, text)
        return "\n".join(_TRACEBACK_INDENT + line for line in text.split("\n"))


def configure_logging(level: str) -> None:
    """Idempotent: adds our handler once and leaves handlers installed by others alone."""
    root = logging.getLogger()
    root.setLevel(level)
    if not any(handler.get_name() == _HANDLER_NAME for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(SafeFormatter(_FORMAT))
        root.addHandler(handler)
    # The server's own messages go through the same escaping formatter.
    for name in _SERVER_LOGGERS:
        server_logger = logging.getLogger(name)
        server_logger.handlers.clear()
        server_logger.propagate = True
    # Our middleware writes the access line; uvicorn's own would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    # One line per wake-up job and per outgoing call: the outcomes are kept in the database.
    logging.getLogger("taskiq").setLevel(logging.WARNING)
    logging.getLogger("httpx2").setLevel(logging.WARNING)
