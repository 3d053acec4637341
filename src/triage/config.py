"""The triage's own settings section (TRIAGE_*), read from the environment and `.env`."""

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from src.core.config import Settings
from src.triage.runtime.pipeline import TriageConfig


class TriageSettings(BaseSettings):
    # Same sources as the core Settings (environment, then `.env`), under the TRIAGE_ prefix.
    model_config = SettingsConfigDict({**Settings.model_config, "env_prefix": "TRIAGE_"})

    backend: Literal["local", "keywords"] = "local"
    min_confidence: float | None = Field(default=None, ge=0, le=1)
    min_margin: float | None = Field(default=None, ge=0, le=1)
    catalog_path: Path | None = None
    model_dir: Path | None = None
    # Unset: production refuses to start without the encoder; elsewhere TF-IDF alone is allowed.
    require_model: bool | None = None

    def triage_config(self, production: bool) -> TriageConfig:
        # Unset thresholds keep the values tuned with the triage model itself.
        overrides = {"min_confidence": self.min_confidence, "min_margin": self.min_margin}
        return TriageConfig(
            backend=self.backend,
            catalog_path=self.catalog_path,
            model_dir=self.model_dir,
            require_encoder=production if self.require_model is None else self.require_model,
            **{key: value for key, value in overrides.items() if value is not None},
        )
