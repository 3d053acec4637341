"""Channel accounts: created and changed by admins, found by providers through their token."""

import secrets
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from src.canais.repository import CanalRepository
from src.canais.schemas import (
    CanalComSegredos,
    CanalCreate,
    CanalResponse,
    CanalUpdate,
    ConfigEmail,
    ConfigEmailWebhook,
    ConfigWhatsApp,
    SegredosCanal,
)
from src.core import segredos
from src.core.config import Settings
from src.core.errors import AppError, NotFoundError
from src.core.pagination import PageParams
from src.models import ContaCanal

TOKEN_BYTES = 32  # 43 url-safe characters, 256 bits: the webhook path is the credential
SEGREDOS = {
    "whatsapp": ("verify_token", "app_secret", "access_token"),
    "email": ("imap_senha", "smtp_senha", "mailgun_signing_key"),
}
CONFIG = {
    "whatsapp": set(ConfigWhatsApp.model_fields),
    "email": set(ConfigEmail.model_fields) | set(ConfigEmailWebhook.model_fields),
}
WEBHOOK = {
    "whatsapp": "/canais/whatsapp/{token}/webhook",
    "email": "/canais/email/{token}/entrada",  # for a provider's inbound webhook, if used
}


class CampoDeOutroCanalError(AppError):
    """Valid fields, for the other kind of channel: the request conflicts with this one's."""

    status_code = 409
    code = "campo_de_outro_canal"

    def __init__(self, tipo: str, campos: set[str]) -> None:
        super().__init__(f"Estes campos não são de um canal {tipo}: {', '.join(sorted(campos))}")


class CanalNotFoundError(NotFoundError):
    code = "canal_not_found"
    detail = "Canal não encontrado"


def resposta(canal: ContaCanal) -> CanalResponse:
    webhook = WEBHOOK.get(canal.tipo)
    return CanalResponse(
        id=canal.id,
        tipo=canal.tipo,
        nome=canal.nome,
        ativo=canal.ativo,
        config={chave: str(valor) for chave, valor in canal.config.items()},
        segredos_definidos=list(SEGREDOS[canal.tipo]),
        webhook_url=webhook.format(token=canal.token) if webhook else None,
        data_criacao=canal.data_criacao,
        data_atualizacao=canal.data_atualizacao,
    )


def _com_segredos(canal: ContaCanal, valores: dict[str, str]) -> CanalComSegredos:
    return CanalComSegredos(**resposta(canal).model_dump(), segredos=valores)


async def criar(session: AsyncSession, settings: Settings, data: CanalCreate) -> CanalComSegredos:
    config = data.config.model_dump()
    valores = {nome: config.pop(nome) for nome in SEGREDOS[data.tipo] if config.get(nome)}
    for nome in SEGREDOS[data.tipo]:
        config.pop(nome, None)
    if data.tipo == "whatsapp":
        config["api_base_url"] = config["api_base_url"] or settings.whatsapp_api_url
    canal = ContaCanal(
        tipo=data.tipo,
        nome=data.nome,
        config=config,
        segredos=segredos.cifrar(settings, valores),
        token=secrets.token_urlsafe(TOKEN_BYTES),
    )
    await CanalRepository(session).add(canal)
    return _com_segredos(canal, valores)


async def obter(session: AsyncSession, canal_id: int) -> ContaCanal:
    canal = await CanalRepository(session).get(canal_id)
    if canal is None:
        raise CanalNotFoundError()
    return canal


async def ativo_por_token(session: AsyncSession, tipo: str, token: str) -> ContaCanal:
    """The channel a provider's call names by its path token; unknown or off: 404."""
    canal = await CanalRepository(session).por_token(tipo, token)
    if canal is None or not canal.ativo:
        raise CanalNotFoundError()
    return canal


async def listar(session: AsyncSession, page: PageParams) -> Sequence[ContaCanal]:
    return await CanalRepository(session).list(page)


async def atualizar(session: AsyncSession, canal_id: int, data: CanalUpdate) -> ContaCanal:
    canal = await obter(session, canal_id)
    if data.nome is not None:
        canal.nome = data.nome
    if data.ativo is not None:
        canal.ativo = data.ativo
    if data.config is not None:
        mudancas = data.config.model_dump(exclude_none=True)
        if alheios := set(mudancas) - CONFIG[canal.tipo]:
            raise CampoDeOutroCanalError(canal.tipo, alheios)
        canal.config = {**canal.config, **mudancas}
    await session.flush()
    return canal


async def trocar_segredos(
    session: AsyncSession, settings: Settings, canal_id: int, data: SegredosCanal
) -> CanalComSegredos:
    """The given secrets replace the stored ones (the rest are kept), all under the newest
    key; the answer shows only the new values, once."""
    canal = await obter(session, canal_id)
    novos = data.model_dump(exclude_none=True)
    if alheios := set(novos) - set(SEGREDOS[canal.tipo]):
        raise CampoDeOutroCanalError(canal.tipo, alheios)
    guardados = segredos.decifrar(settings, canal.segredos)
    canal.segredos = segredos.cifrar(settings, {**guardados, **novos})
    await session.flush()
    return _com_segredos(canal, novos)


def segredos_de(settings: Settings, canal: ContaCanal) -> dict[str, str]:
    return segredos.decifrar(settings, canal.segredos)
