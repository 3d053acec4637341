"""E-mail delivered by a provider instead of read from a mailbox: Mailgun routes (`forward` to
a URL ending in `mime`: the full message in `body-mime`, signed) or SendGrid Inbound Parse
("POST the raw, full MIME message": the message in `email`, not signed, so the unguessable
path token is the credential). Stored as it came, like an IMAP read, for the worker.
"""

import base64
import hashlib
import hmac
import time

from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import service
from src.canais.repository import CanalRepository
from src.core import events, segredos
from src.core.config import Settings
from src.core.errors import BadRequestError, UnauthorizedError
from src.core.tenancy import bind_empresa
from src.models import EventoCanal

TOLERANCIA_SEGUNDOS = 15 * 60  # Mailgun's timestamp: older calls are replays


class AssinaturaMailgunError(UnauthorizedError):
    code = "assinatura_invalida"
    detail = "Assinatura do Mailgun ausente, inválida ou antiga"


class SemMensagemError(BadRequestError):
    code = "email_ausente"
    detail = "A chamada não trouxe o e-mail: envie o MIME completo em `body-mime` ou `email`"


def assinatura_mailgun_valida(chave: str, timestamp: str, token: str, assinatura: str) -> bool:
    if not (timestamp.isdigit() and token and assinatura):
        return False
    if abs(time.time() - int(timestamp)) > TOLERANCIA_SEGUNDOS:
        return False
    esperada = hmac.new(chave.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return hmac.compare_digest(esperada.hexdigest().encode(), assinatura.strip().lower().encode())


async def receber(
    session: AsyncSession, settings: Settings, token: str, campos: dict[str, str]
) -> None:
    canal = await service.ativo_por_token(session, "email", token)
    chave = segredos.decifrar(settings, canal.segredos).get("mailgun_signing_key")
    if chave and not assinatura_mailgun_valida(
        chave, campos.get("timestamp", ""), campos.get("token", ""), campos.get("signature", "")
    ):
        raise AssinaturaMailgunError()
    bruto = campos.get("body-mime") or campos.get("email")
    if not bruto:
        raise SemMensagemError()
    bind_empresa(session, canal.empresa_id)  # from here the request acts for the channel's
    corpo = base64.b64encode(bruto.encode("utf-8", "surrogateescape")).decode()
    await CanalRepository(session).guardar_evento(EventoCanal(canal_id=canal.id, corpo=corpo))
    await events.wake_worker(session)
