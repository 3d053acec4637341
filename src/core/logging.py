"""Plain, grep-friendly log lines; the level comes from LOG_LEVEL."""

import logging

_HANDLER_NAME = "atendimento-stderr"
_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(level: str) -> None:
    """Idempotent: adds our handler once and leaves handlers installed by others alone."""
    root = logging.getLogger()
    root.setLevel(level)
    if not any(handler.get_name() == _HANDLER_NAME for handler in root.handlers):
        handler = logging.StreamHandler()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    # Our middleware writes the access line; uvicorn's own would duplicate it.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
