"""Plain, grep-friendly log lines; the level comes from LOG_LEVEL."""

import logging
import logging.config


def configure_logging(level: str) -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            },
            "handlers": {
                "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
            },
            "root": {"level": level, "handlers": ["stderr"]},
            "loggers": {
                # Our middleware writes the access line; uvicorn's would duplicate it.
                "uvicorn.access": {
                    "level": "WARNING",
                    "propagate": False,
                    "handlers": [],
                },
                "uvicorn.error": {"level": level},
                "sqlalchemy.engine": {"level": "WARNING"},
            },
        }
    )
