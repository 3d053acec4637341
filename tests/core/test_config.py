import base64

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from src.core.config import Settings

CHAVE = Fernet.generate_key().decode()  # channel secrets key of a production start

STRONG = "k" * 48


def make(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(ValidationError, match="SECRET_KEY é obrigatória"):
        make(app_env="production")


@pytest.mark.parametrize(
    "weak", ["curta", "troque-esta-chave-por-um-valor-aleatorio-de-64-caracteres"]
)
def test_production_refuses_weak_or_example_secret_key(weak):
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        make(app_env="production", secret_key=weak)


def test_production_accepts_a_strong_key():
    settings = make(app_env="production", secret_key=STRONG, chave_segredos=CHAVE)
    assert settings.secret_key.get_secret_value() == STRONG
    assert not settings.generated_secret


def test_development_generates_a_random_key():
    first, second = make(), make()
    assert first.generated_secret
    assert len(first.secret_key.get_secret_value()) >= 32
    assert first.secret_key.get_secret_value() != second.secret_key.get_secret_value()


def test_port_and_database_url_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9123")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db:5432/atendimento")
    settings = make()
    assert settings.app_port == 9123
    assert settings.database_url == "postgresql+asyncpg://u:p@db:5432/atendimento"


def test_cors_origins_accept_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("CORS_ORIGINS", "https://a.com.br, https://b.com.br")
    assert make().cors_origins == ["https://a.com.br", "https://b.com.br"]


def test_production_refuses_to_start_without_a_key_for_the_channel_secrets():
    with pytest.raises(ValidationError, match="CHAVE_SEGREDOS é obrigatória"):
        make(app_env="production", secret_key=STRONG)


@pytest.mark.parametrize(
    "ruim",
    ["curta", "A" * 44, base64.urlsafe_b64encode(bytes(range(8)) * 4).decode(), ","],
)
def test_channel_secret_keys_must_be_random_fernet_keys(ruim):
    with pytest.raises(ValidationError, match="CHAVE_SEGREDOS"):
        make(chave_segredos=ruim)


def test_several_keys_rotate_the_first_encrypts():
    nova, antiga = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    assert make(chave_segredos=f"{nova}, {antiga}").chave_segredos is not None
