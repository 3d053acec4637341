"""The worker's look at each support mailbox: new e-mails become stored events, like a
provider's webhook call, and the worker turns them into messages.

A mailbox is read by one worker at a time (its channel row is locked, others skip it), and
its events and its new position (UIDVALIDITY, last UID) commit together: a crash in between
reads the same messages again, and the Message-ID keeps them from being stored twice.
"""

import base64
import logging
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select

from src.canais.email import imap
from src.core import segredos
from src.core.config import Settings
from src.core.database import begin_write
from src.core.http_externo import resolver_conferido
from src.core.tenancy import ALL_EMPRESAS, bind_all_empresas, bind_empresa
from src.models import ContaCanal, EventoCanal
from src.models.base import utcnow

logger = logging.getLogger(__name__)

VERIFICAR_A_CADA_SEGUNDOS = 5.0

_CAIXAS = (
    select(ContaCanal.id, ContaCanal.empresa_id)
    .where(ContaCanal.tipo == "email", ContaCanal.ativo.is_(True))
    .order_by(ContaCanal.id)
    .execution_options(**ALL_EMPRESAS)
)
_TRAVAR = (
    select(ContaCanal)
    .where(ContaCanal.id == bindparam("id"), ContaCanal.ativo.is_(True))
    .with_for_update(skip_locked=True)
)


def _devida(canal: ContaCanal) -> bool:
    if not canal.config.get("imap_host"):  # its mail comes by a provider's webhook
        return False
    estado = canal.estado or {}
    lida_em = estado.get("lida_em")
    intervalo = timedelta(seconds=int(canal.config.get("intervalo_segundos", 30)))
    return lida_em is None or utcnow() - datetime.fromisoformat(lida_em) >= intervalo


async def ler_caixas(sessionmaker, settings: Settings) -> int:
    """One look at every mailbox due; how many e-mails were stored."""
    async with sessionmaker() as session:
        bind_all_empresas(session)
        caixas = (await session.execute(_CAIXAS)).all()
    novas = 0
    for canal_id, empresa_id in caixas:
        novas += await _ler(sessionmaker, settings, canal_id, empresa_id)
    return novas


async def _ler(sessionmaker, settings: Settings, canal_id: int, empresa_id: int) -> int:
    # Claimed in a short transaction (its look is marked as taken), read outside any: no
    # lock, and on SQLite no write lock, is held while a mail server takes its time.
    async with sessionmaker(expire_on_commit=False) as session, session.begin():
        bind_empresa(session, empresa_id)
        await begin_write(session)
        canal = await session.scalar(_TRAVAR, {"id": canal_id})
        if canal is None or not _devida(canal):
            return 0  # another worker has it, or it was read a moment ago
        estado = dict(canal.estado or {})
        canal.estado = {**estado, "lida_em": utcnow().isoformat()}
    try:
        leitura = await _buscar(canal, settings, estado)
    except Exception as error:  # the server is down or refuses: try on the next look
        logger.warning("caixa de e-mail do canal %s: %s", canal_id, error)
        await _guardar(sessionmaker, canal_id, empresa_id, {"erro": str(error)[:500]}, [])
        return 0
    posicao = {"uidvalidity": leitura.uidvalidity, "ultimo_uid": leitura.ultimo_uid, "erro": None}
    await _guardar(sessionmaker, canal_id, empresa_id, posicao, leitura.mensagens)
    return len(leitura.mensagens)


async def _guardar(
    sessionmaker, canal_id: int, empresa_id: int, mudancas: dict, mensagens: list
) -> None:
    """The e-mails read and the mailbox's new position, together."""
    async with sessionmaker() as session, session.begin():
        bind_empresa(session, empresa_id)
        await begin_write(session)
        canal = await session.get(ContaCanal, canal_id, with_for_update=True)
        if canal is None:
            return
        for _uid, bruto in mensagens:
            session.add(EventoCanal(canal_id=canal_id, corpo=base64.b64encode(bruto).decode()))
        canal.estado = {**(canal.estado or {}), **mudancas}


async def _buscar(canal: ContaCanal, settings: Settings, estado: dict) -> imap.Leitura:
    config = canal.config
    await resolver_conferido(
        config["imap_host"], int(config["imap_porta"]), settings.permitir_destinos_privados
    )
    caixa = imap.Caixa(
        host=config["imap_host"],
        porta=int(config["imap_porta"]),
        tls=bool(config.get("imap_tls", True)),
        usuario=config["imap_usuario"],
        senha=segredos.decifrar(settings, canal.segredos)["imap_senha"],
        pasta=config.get("pasta", "INBOX"),
    )
    lida_em = estado.get("lida_em")  # the previous look's
    return await imap.ler_novas(
        caixa,
        estado.get("uidvalidity"),
        estado.get("ultimo_uid"),
        datetime.fromisoformat(lida_em) - timedelta(days=1) if lida_em else None,
    )
