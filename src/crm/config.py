"""The CRM's settings section (COBRANCA_*): late fees of overdue invoices, read from the
environment and `.env` like the core settings."""

from decimal import Decimal
from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from src.core.config import Settings


class CobrancaSettings(BaseSettings):
    model_config = SettingsConfigDict({**Settings.model_config, "env_prefix": "COBRANCA_"})

    # The Consumer Defense Code caps the fine at 2% (art. 52, §1º); 1% a month is the usual
    # default interest (Civil Code art. 406 with the CTN's rate).
    multa_percentual: Decimal = Field(default=Decimal("2"), ge=0, le=2)
    juros_mensais_percentual: Decimal = Field(default=Decimal("1"), ge=0, le=10)
    # An overdue invoice's new boleto is due this many days from today.
    prazo_segunda_via_dias: int = Field(default=3, ge=0, le=30)


@cache
def cobranca_settings() -> CobrancaSettings:
    return CobrancaSettings()
