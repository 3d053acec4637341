"""Application settings, read once from the environment and `.env`."""

import base64
import binascii
import logging
import secrets
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Self

from limits import parse as parse_limit
from pydantic import (
    AliasChoices,
    Field,
    PrivateAttr,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from src.core.database_url import normalize_database_url

logger = logging.getLogger(__name__)

# Values shipped in `.env.example` and docs: a production server must never run with them.
EXAMPLE_SECRET_KEYS = frozenset(
    {
        "troque-esta-chave-por-um-valor-aleatorio-de-64-caracteres",
        "changeme",
        "secret",
        "your-secret-key",
    }
)
MIN_SECRET_KEY_LENGTH = 32
ALLOWED_JWT_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    app_env: Environment = Environment.DEVELOPMENT
    app_debug: bool = False
    app_host: str = "127.0.0.1"
    app_port: int = Field(default=8000, validation_alias=AliasChoices("PORT", "APP_PORT"))
    log_level: str = "INFO"

    database_url: str = "sqlite+aiosqlite:///./data/app.db"
    db_pool_size: int = Field(default=10, ge=1, le=100)
    db_max_overflow: int = Field(default=10, ge=0, le=100)
    db_echo: bool = False

    secret_key: SecretStr | None = None
    algorithm: str = "HS256"
    access_token_expire_minutes: int = Field(default=30, ge=1, le=60 * 24 * 30)

    # Accepted for compatibility with existing `.env` files; the triage runs locally.
    azure_cognitive_key: SecretStr | None = None
    azure_cognitive_endpoint: str | None = None

    # Unset: /docs, /redoc and /openapi.json served outside production, hidden in production.
    docs_enabled: bool | None = None
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # Unset: open in development and test (the v1 contract signs up anonymously), closed in
    # production, where accounts come from an admin or from `atendimento create-admin`.
    auth_open_signup: bool | None = None

    # `limits` notation ("600/minute", "5/5 minutes"). Off only for load benchmarks.
    rate_limit_enabled: bool = True
    rate_limit_default: str = "600/minute"
    # Failed logins per (address, username) pair, and per address whatever the username.
    rate_limit_login: str = "5/5 minutes"
    rate_limit_login_ip: str = "20/5 minutes"
    # Every request of one empresa's operators, together: one busy company cannot use up a
    # shared installation. Beside (not instead of) each account's own budget.
    rate_limit_empresa: str = "6000/minute"
    # Without Redis each worker process counts on its own: limits are then per process.
    redis_url: str | None = None
    rate_limit_key_prefix: str = Field(default="atendimento", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")

    # Name of the empresa the migrations create; single-company installs only ever see it.
    empresa_padrao_nome: str = Field(default="Minha Empresa", min_length=1, max_length=120)
    # The periodic jobs (the SLA clock) run inside the API process; off where another process
    # runs them, and in the test suite, whose fixtures empty the tables between tests.
    worker_embutido: bool = True

    max_request_body_bytes: int = Field(default=1024 * 1024, ge=1024)

    # Channel secrets (WhatsApp tokens, mailbox passwords) are encrypted with these Fernet keys,
    # comma-separated: the first encrypts, every one decrypts (rotation). Required in
    # production; elsewhere, when unset, a key is kept in `arquivo_chave_segredos`.
    chave_segredos: SecretStr | None = None
    arquivo_chave_segredos: str = "./data/chave_segredos"
    # Where WhatsApp calls go unless a channel names its own (tests and staging use a fake).
    whatsapp_api_url: str = "https://graph.facebook.com/v24.0"
    # Calls out (providers' base URLs, webhook endpoints) to loopback, private or link-local
    # addresses are refused unless this is on: for tests and fake providers on this machine.
    permitir_destinos_privados: bool = False
    # Attachments of inbound e-mail keep their bytes up to this size; bigger ones are recorded
    # (name, type, size) without them.
    anexo_max_bytes: int = Field(default=10 * 1024 * 1024, ge=0, le=100 * 1024 * 1024)

    # Proxies in front that append to X-Forwarded-For (Azure App Service, one nginx: 1). The
    # client address is the entry that many hops from the right; 0 trusts no header at all.
    trusted_proxy_hops: int = Field(default=0, ge=0, le=10)
    # Password hashes waiting or running per process before logins get a fast 503.
    password_hash_max_pending: int = Field(default=16, ge=1, le=1024)

    @field_validator("database_url")
    @classmethod
    def _normalize_database_url(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("algorithm")
    @classmethod
    def _hmac_algorithm(cls, value: str) -> str:
        # The key is a shared secret: only HMAC algorithms make sense, and never "none".
        algorithm = value.strip().upper()
        if algorithm not in ALLOWED_JWT_ALGORITHMS:
            raise ValueError(f"ALGORITHM deve ser um de: {sorted(ALLOWED_JWT_ALGORITHMS)}")
        return algorithm

    @field_validator(
        "rate_limit_default", "rate_limit_login", "rate_limit_login_ip", "rate_limit_empresa"
    )
    @classmethod
    def _valid_rate_limit(cls, value: str) -> str:
        try:
            valid = parse_limit(value).amount >= 1
        except ValueError:
            valid = False
        if not valid:
            raise ValueError(f"limite inválido: {value!r} (ex.: '600/minute')")
        return value

    @field_validator("redis_url")
    @classmethod
    def _blank_redis_url_is_none(cls, value: str | None) -> str | None:
        value = (value or "").strip()
        if value and not value.startswith(("redis://", "rediss://")):
            raise ValueError("REDIS_URL deve começar com redis:// ou rediss://")
        return value or None

    @field_validator("log_level")
    @classmethod
    def _upper_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError(f"LOG_LEVEL inválido: {value!r}")
        return level

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _require_strong_secret_in_production(self) -> Self:
        if self.is_production:
            if self.secret_key is None:
                raise ValueError("SECRET_KEY é obrigatória quando APP_ENV=production")
            check_secret_strength(self.secret_key.get_secret_value())
            if self.chave_segredos is None:
                raise ValueError("CHAVE_SEGREDOS é obrigatória quando APP_ENV=production")
        if self.chave_segredos is not None:
            check_fernet_keys(self.chave_segredos.get_secret_value())
        return self

    _generated_secret: bool = PrivateAttr(default=False)

    def model_post_init(self, context: object, /) -> None:
        if self.secret_key is None and not self.is_production:
            # A per-process key: tokens die with the process, which is fine in development.
            self.secret_key = SecretStr(secrets.token_urlsafe(48))
            self._generated_secret = True

    @property
    def is_production(self) -> bool:
        return self.app_env is Environment.PRODUCTION

    @property
    def open_signup(self) -> bool:
        if self.auth_open_signup is None:
            return not self.is_production
        return self.auth_open_signup

    @property
    def docs_visible(self) -> bool:
        if self.docs_enabled is None:
            return not self.is_production
        return self.docs_enabled

    @property
    def generated_secret(self) -> bool:
        return self._generated_secret

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def check_secret_strength(key: str) -> None:
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ValueError(f"SECRET_KEY precisa de pelo menos {MIN_SECRET_KEY_LENGTH} caracteres")
    if key in EXAMPLE_SECRET_KEYS:
        raise ValueError("SECRET_KEY é um valor de exemplo; gere uma chave aleatória")


def check_fernet_keys(value: str) -> None:
    """Each key must be what `Fernet.generate_key()` gives: 32 random bytes, url-safe base64."""
    chaves = [chave.strip() for chave in value.split(",") if chave.strip()]
    if not chaves:
        raise ValueError("CHAVE_SEGREDOS está vazia")
    for chave in chaves:
        try:
            bruta = base64.urlsafe_b64decode(chave.encode())
        except (ValueError, binascii.Error):
            bruta = b""
        if len(bruta) == 32 and len(set(bruta)) < 16:  # 32 random bytes repeat few values
            raise ValueError("CHAVE_SEGREDOS tem uma chave fraca; gere uma chave aleatória")
        if len(bruta) != 32:
            raise ValueError(
                "CHAVE_SEGREDOS precisa de chaves Fernet (32 bytes em base64 url-safe); gere com "
                "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'"
            )


@lru_cache
def get_settings() -> Settings:
    return Settings()
