"""WhatsApp Cloud API webhook: Meta's verification handshake, and signed deliveries stored
as they arrived before anything is parsed (the processing runs in the worker)."""

import hashlib
import hmac
import json
import re

from fastapi import Path
from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import service
from src.canais.repository import CanalRepository
from src.core import events
from src.core.config import Settings
from src.core.errors import BadRequestError, ForbiddenError, UnauthorizedError
from src.core.tenancy import bind_empresa
from src.models import EventoCanal

PREFIXO = "sha256="
TOKEN_PATH = Path(
    description="Token do canal (parte do `webhook_url`)",
    min_length=20,
    max_length=64,
    pattern=r"^[A-Za-z0-9_-]+$",
)


class VerificacaoRecusadaError(ForbiddenError):
    code = "verificacao_recusada"
    detail = "Verificação do webhook recusada: confira o verify_token do canal"


class AssinaturaInvalidaError(UnauthorizedError):
    code = "assinatura_invalida"
    detail = "Assinatura X-Hub-Signature-256 ausente ou inválida"


class CorpoInvalidoError(BadRequestError):
    code = "corpo_invalido"
    detail = "O corpo precisa ser um objeto JSON"


_HEX_SHA256 = re.compile(r"[0-9a-f]{64}")


def assinatura_valida(corpo: bytes, cabecalho: str | None, app_secret: str) -> bool:
    """HMAC-SHA256 of the raw body with the app secret, compared in constant time (as bytes:
    anything but 64 hex digits is refused before the comparison)."""
    if not cabecalho or not cabecalho.startswith(PREFIXO):
        return False
    recebida = cabecalho[len(PREFIXO) :].strip().lower()
    if not _HEX_SHA256.fullmatch(recebida):
        return False
    esperada = hmac.new(app_secret.encode(), corpo, hashlib.sha256).hexdigest()
    return hmac.compare_digest(esperada.encode(), recebida.encode())


async def verificar(
    session: AsyncSession,
    settings: Settings,
    token: str,
    modo: str | None,
    verify_token: str | None,
    desafio: str | None,
) -> str:
    canal = await service.ativo_por_token(session, "whatsapp", token)
    esperado = service.segredos_de(settings, canal)["verify_token"]
    if modo != "subscribe" or verify_token is None or not desafio:
        raise VerificacaoRecusadaError()
    if not hmac.compare_digest(esperado.encode(), verify_token.encode()):
        raise VerificacaoRecusadaError()
    return desafio


async def receber(
    session: AsyncSession,
    settings: Settings,
    token: str,
    corpo: bytes,
    assinatura: str | None,
) -> None:
    """Checked and stored; the worker is woken once it is committed."""
    canal = await service.ativo_por_token(session, "whatsapp", token)
    if not assinatura_valida(corpo, assinatura, service.segredos_de(settings, canal)["app_secret"]):
        raise AssinaturaInvalidaError()
    try:  # UTF-8 only, as Meta sends and as the worker reads it back
        texto = corpo.decode("utf-8")
        payload = json.loads(texto)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise CorpoInvalidoError() from None
    if not isinstance(payload, dict):
        raise CorpoInvalidoError()
    # From here the request acts for the channel's empresa.
    bind_empresa(session, canal.empresa_id)
    await CanalRepository(session).guardar_evento(EventoCanal(canal_id=canal.id, corpo=texto))
    await events.wake_worker(session)
