"""Secrets the service keeps for others (channels' provider tokens, webhook signing secrets),
encrypted at rest (Fernet: AES-128-CBC with HMAC-SHA256).

Rotation: put the new key first in CHAVE_SEGREDOS and keep the old ones after it; every
secret still decrypts, and rewriting a secret (POST /canais/{id}/segredos, POST
/webhooks/{id}/segredo) moves it to the new key. Outside production, without CHAVE_SEGREDOS,
a key is generated once into a file beside the embedded database, so `make run` keeps working
across restarts.
"""

import functools
import json
import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from src.core.config import Settings
from src.core.errors import AppError

logger = logging.getLogger(__name__)


class SegredoIlegivelError(AppError):
    """Stored with a key that is no longer configured: a deployment error, not the caller's.
    503, said plainly, and logged: the fix is putting the old key back in CHAVE_SEGREDOS (after
    the new one) or registering the channel's secrets again."""

    status_code = 503
    code = "segredo_ilegivel"
    detail = (
        "Estes segredos foram cifrados com uma chave que não está mais configurada: o "
        "administrador precisa recolocá-la em CHAVE_SEGREDOS ou cadastrar os segredos de novo"
    )


@functools.cache
def _cofre(chaves: str) -> MultiFernet:
    return MultiFernet([Fernet(chave.strip()) for chave in chaves.split(",") if chave.strip()])


def _chaves(settings: Settings) -> str:
    if settings.chave_segredos is not None:
        return settings.chave_segredos.get_secret_value()
    arquivo = Path(settings.arquivo_chave_segredos)
    if not arquivo.exists():
        arquivo.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by this user only, and never overwritten.
        descritor = os.open(arquivo, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descritor, "wb") as saida:
            saida.write(Fernet.generate_key())
    return arquivo.read_text().strip()


def cifrar(settings: Settings, segredos: dict[str, str]) -> str:
    return _cofre(_chaves(settings)).encrypt(json.dumps(segredos).encode()).decode()


def decifrar(settings: Settings, cifrado: str) -> dict[str, str]:
    try:
        return json.loads(_cofre(_chaves(settings)).decrypt(cifrado.encode()))
    except InvalidToken as error:
        logger.error("segredos de canal ilegíveis com as chaves de CHAVE_SEGREDOS")
        raise SegredoIlegivelError() from error
