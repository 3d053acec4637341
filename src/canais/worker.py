"""The worker's side of the channels: every stored provider event becomes messages, and
every queued answer goes out (src/canais/envios.py).

Durability comes from the rows: a webhook's event is committed before the provider gets its
200, and stays `processado_em IS NULL` until its messages are committed, in the same
transaction. A crash in between leaves it pending for the next round; nothing is lost and,
since messages are keyed by the provider's id, nothing is stored twice. In the embedded default
it runs inside the API process (src/worker.py).
"""

import logging

from sqlalchemy import bindparam, select, update

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
    select(EventoCanal.id, EventoCanal.empresa_id)
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
# One event of a channel at a time: its messages keep their order, and a wamid delivered
# twice at once is seen stored by the second.
# FOR NO KEY UPDATE: webhook requests storing new events (their foreign key takes FOR KEY
# SHARE on this row) do not wait for the event being processed.
_TRAVAR_CANAL = (
    select(ContaCanal).where(ContaCanal.id == bindparam("id")).with_for_update(key_share=True)
)
_FALHOU = (
    update(EventoCanal)
    .where(EventoCanal.id == bindparam("evento_id"))
    .values(tentativas=EventoCanal.tentativas + 1, erro=bindparam("erro"))
)


async def processar_pendentes(sessionmaker, triagens, settings) -> int:
    """One round over the pending events; how many were processed."""
    async with sessionmaker() as session:
        bind_all_empresas(session)
        pendentes = (await session.execute(_PENDENTES)).all()
    feitos = 0
    for evento_id, empresa_id in pendentes:
        try:
            feitos += await _processar(sessionmaker, triagens, settings, evento_id, empresa_id)
        except Exception as error:  # this event only: the others go on
            logger.exception("evento de canal %s falhou", evento_id)
            async with sessionmaker() as session, session.begin():
                bind_empresa(session, empresa_id)
                erro = f"{type(error).__name__}: {error}"[:1000]
                await session.execute(_FALHOU, {"evento_id": evento_id, "erro": erro})
    return feitos


async def _processar(sessionmaker, triagens, settings, evento_id: int, empresa_id: int) -> int:
    async with sessionmaker() as session, session.begin():
        bind_empresa(session, empresa_id)
        await begin_write(session)  # SQLite: the write lock first, or a busy error later
        evento = await session.scalar(_TRAVAR_EVENTO, {"id": evento_id})
        if evento is None:  # done meanwhile, or another worker has it
            return 0
        canal = await session.scalar(_TRAVAR_CANAL, {"id": evento.canal_id})
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
