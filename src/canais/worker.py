"""The worker's side of the channels: every stored provider event becomes messages, and
every queued answer goes out (src/canais/envios.py).

Durability comes from the rows: a webhook's event is committed before the provider gets its
200, and stays `processado_em IS NULL` until its messages are committed, in the same
transaction. A crash in between leaves it pending for the next round; nothing is lost and,
since messages are keyed by the provider's id, nothing is stored twice. In the embedded default
it runs inside the API process (src/worker.py).
"""

import asyncio
import hashlib
import logging
from collections import defaultdict

from sqlalchemy import bindparam, func, select, update

from src.canais.email import processamento as email
from src.canais.email.smtp import AdaptadorEmail
from src.canais.whatsapp import processamento as whatsapp
from src.canais.whatsapp.graph import AdaptadorWhatsApp
from src.core.database import begin_write
from src.core.tenancy import ALL_EMPRESAS, bind_all_empresas, bind_empresa
from src.models import ContaCanal, EventoCanal
from src.models.base import utcnow

logger = logging.getLogger(__name__)

MAX_TENTATIVAS = 5  # then the event waits for a person (its `erro` says why)
LOTE = 100

_PENDENTES = (
    select(
        EventoCanal.id,
        EventoCanal.empresa_id,
        EventoCanal.canal_id,
        ContaCanal.tipo,
        EventoCanal.corpo,
    )
    .join(ContaCanal, ContaCanal.id == EventoCanal.canal_id)
    .where(EventoCanal.processado_em.is_(None), EventoCanal.tentativas < MAX_TENTATIVAS)
    .order_by(EventoCanal.id)
    .limit(LOTE)
    .execution_options(**ALL_EMPRESAS)
)
# Another worker holding an event takes it: skip it rather than wait.
_TRAVAR_EVENTO = (
    select(EventoCanal)
    .where(EventoCanal.id == bindparam("id"), EventoCanal.processado_em.is_(None))
    .with_for_update(skip_locked=True)
)
_CANAL = select(ContaCanal).where(ContaCanal.id == bindparam("id"))
# One event of a customer at a time, across workers: their messages keep their order, and a
# wamid delivered twice at once is seen stored by the second. Different customers of the same
# number go side by side (a transaction-scoped advisory lock per customer; SQLite has a single
# writer anyway).
_TRAVAR_CLIENTE = select(func.pg_advisory_xact_lock(bindparam("chave")))
PARALELO = 4  # events of different customers in flight at once, per worker (PostgreSQL)
_FALHOU = (
    update(EventoCanal)
    .where(EventoCanal.id == bindparam("evento_id"))
    .values(tentativas=EventoCanal.tentativas + 1, erro=bindparam("erro"))
)


def chaves(canal_id: int, tipo: str, corpo: str) -> tuple[str, ...]:
    """Who an event is about, for ordering: the WhatsApp customers in it (whose messages must
    keep their order), or the whole channel when that cannot be told (e-mail threads by
    headers any message may carry)."""
    if tipo == "whatsapp":
        clientes = whatsapp.clientes_do_evento(corpo)
        if clientes:
            return tuple(f"{canal_id}:{wa_id}" for wa_id in sorted(clientes))
    return (f"{canal_id}:*",)


def _numero(chave: str) -> int:
    return int.from_bytes(hashlib.sha256(chave.encode()).digest()[:8], "big", signed=True)


async def processar_pendentes(sessionmaker, triagens, settings) -> int:
    """One round over the pending events; how many were processed. Events of one customer
    run in order; different customers' run side by side on PostgreSQL."""
    async with sessionmaker() as session:
        bind_all_empresas(session)
        pendentes = (await session.execute(_PENDENTES)).all()
        postgres = session.get_bind().dialect.name == "postgresql"
    filas: dict[tuple[str, ...], list] = defaultdict(list)
    for evento_id, empresa_id, canal_id, tipo, corpo in pendentes:
        # SQLite has one writer: one queue, in arrival order, and no locks to take.
        chave = chaves(canal_id, tipo, corpo) if postgres else ()
        filas[chave].append((evento_id, empresa_id, chave))
    vagas = asyncio.Semaphore(PARALELO if postgres else 1)

    async def em_ordem(fila: list) -> int:
        async with vagas:
            return sum([await _tentar(sessionmaker, triagens, settings, *e) for e in fila])

    return sum(await asyncio.gather(*(em_ordem(fila) for fila in filas.values())))


async def _tentar(sessionmaker, triagens, settings, evento_id, empresa_id, chave) -> int:
    try:
        return await _processar(sessionmaker, triagens, settings, evento_id, empresa_id, chave)
    except Exception as error:  # this event only: the others go on
        logger.exception("evento de canal %s falhou", evento_id)
        async with sessionmaker() as session, session.begin():
            bind_empresa(session, empresa_id)
            erro = f"{type(error).__name__}: {error}"[:1000]
            await session.execute(_FALHOU, {"evento_id": evento_id, "erro": erro})
        return 0


async def _processar(
    sessionmaker, triagens, settings, evento_id: int, empresa_id: int, chave: tuple[str, ...]
) -> int:
    async with sessionmaker() as session, session.begin():
        bind_empresa(session, empresa_id)
        await begin_write(session)  # SQLite: the write lock first, or a busy error later
        evento = await session.scalar(_TRAVAR_EVENTO, {"id": evento_id})
        if evento is None:  # done meanwhile, or another worker has it
            return 0
        for parte in chave:  # sorted: two events never wait on each other in a cycle
            await session.execute(_TRAVAR_CLIENTE, {"chave": _numero(parte)})
        canal = await session.scalar(_CANAL, {"id": evento.canal_id})
        triador = await triagens.para(session, empresa_id)
        if canal.tipo == "email":
            await email.processar_evento(session, canal, evento.corpo, triador, settings)
        else:
            await whatsapp.processar_evento(session, canal, evento.corpo, triador)
        evento.processado_em = utcnow()
    return 1


def adaptadores(settings, http) -> dict:
    """How each kind of channel sends (src/canais/envios.py calls them by `tipo`)."""
    return {"whatsapp": AdaptadorWhatsApp(settings, http), "email": AdaptadorEmail(settings)}
