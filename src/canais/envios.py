"""The outbox: every answer that leaves through a channel is a row first, sent by the worker.

An answer and its `envios_canal` row commit together, so a reply the API accepted is never
lost, whatever dies afterwards. The worker then:

1. claims due rows (`enviando`, committed, other workers skip them), pushing their next try
   `INCERTEZA` into the future;
2. calls the provider outside any transaction;
3. records what came back: `enviado` with the provider's id, `pendente` again with backoff
   when nothing was sent (refused connection, 429, 5xx), `falhou` when the provider said no.

The Graph API has no idempotency key, so the one ambiguous case (the request went out and no
answer came: a timeout, or a worker killed mid-call) is settled by the provider itself: each
send carries its envio's id (`biz_opaque_callback_data`), which comes back in the provider's
status callbacks. A claim that never came back is retried only after INCERTEZA, long after the
`sent` callback of a message that did go out has marked it `enviado`.
"""

import asyncio
import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from src.core import outbox
from src.core.database import begin_write
from src.core.tenancy import bind_all_empresas, bind_empresa
from src.models import ContaCanal, EnvioCanal, EstadoEnvio, Mensagem, StatusEntrega
from src.models.base import utcnow

logger = logging.getLogger(__name__)

LOTE = 50
INCERTEZA = timedelta(minutes=2)  # longer than a call's timeout plus the callback's delay
MAX_TENTATIVAS = 12  # about 6 hours of backoff; then the answer shows as failed
ESPERA_BASE_SEGUNDOS = 5.0
ESPERA_MAXIMA_SEGUNDOS = 3600.0
ORIGEM = "envio:"  # biz_opaque_callback_data of our sends: "envio:<id>"

_A_ENVIAR = outbox.vencidas(EnvioCanal, LOTE)
_CANAIS = select(ContaCanal).where(ContaCanal.id.in_(bindparam("ids", expanding=True)))
_ENVIO = select(EnvioCanal).where(EnvioCanal.id == bindparam("id")).with_for_update()
_MENSAGEM = select(Mensagem).where(Mensagem.id == bindparam("id")).with_for_update()


@dataclass(frozen=True, slots=True)
class Resultado:
    """What a provider's adapter says about one send."""

    id_externo: str | None = None  # accepted: the provider's message id
    erro: str | None = None
    definitivo: bool = False  # refused for good: retrying cannot help
    incerto: bool = False  # may have gone out: wait for the callback before retrying

    @property
    def aceito(self) -> bool:
        return self.id_externo is not None


def agendar(
    session: AsyncSession, canal_id: int, mensagem: Mensagem, destino: str, conteudo: dict
) -> EnvioCanal:
    envio = EnvioCanal(
        canal_id=canal_id,
        mensagem_id=mensagem.id,
        destino=destino,
        conteudo=conteudo,
        estado=EstadoEnvio.PENDENTE,
        proxima_em=utcnow(),
    )
    session.add(envio)
    return envio


def id_do_envio(origem: object) -> int | None:
    """Our envio's id from the provider's echo of it, if it is one of ours."""
    if isinstance(origem, str) and origem.startswith(ORIGEM) and origem[len(ORIGEM) :].isdigit():
        return int(origem[len(ORIGEM) :])
    return None


async def confirmar(
    session: AsyncSession, envio_id: int, id_externo: str, canal_id: int | None = None
) -> Mensagem | None:
    """The provider has the message (its answer, or its callback, whichever comes first)."""
    envio = await session.scalar(_ENVIO, {"id": envio_id})
    if envio is None or (canal_id is not None and envio.canal_id != canal_id):
        return None
    mensagem = await session.scalar(_MENSAGEM, {"id": envio.mensagem_id})
    if envio.estado != EstadoEnvio.ENVIADO:
        envio.estado = EstadoEnvio.ENVIADO
        envio.id_externo = id_externo
        envio.enviado_em = utcnow()
        envio.erro = None
    if mensagem is not None:
        mensagem.id_externo = mensagem.id_externo or envio.id_externo
        if mensagem.status_entrega in (None, StatusEntrega.PENDENTE):
            mensagem.status_entrega = StatusEntrega.ENVIADA
    return mensagem


async def _reprovar(session: AsyncSession, envio: EnvioCanal, erro: str) -> None:
    envio.estado = EstadoEnvio.FALHOU
    envio.erro = erro[:1000]
    mensagem = await session.scalar(_MENSAGEM, {"id": envio.mensagem_id})
    if mensagem is not None and mensagem.status_entrega != StatusEntrega.FALHOU:
        mensagem.status_entrega = StatusEntrega.FALHOU
        mensagem.erro_entrega = erro[:500]


def espera(tentativas: int) -> timedelta:
    """Exponential backoff with jitter: 5 s, 10 s, 20 s ... up to an hour, each ±25 %."""
    segundos = min(ESPERA_BASE_SEGUNDOS * 2 ** max(tentativas - 1, 0), ESPERA_MAXIMA_SEGUNDOS)
    return timedelta(seconds=segundos * random.uniform(0.75, 1.25))  # noqa: S311 (jitter)


class Remetente:
    """Sends the due rows through each channel's adapter (`adaptadores[tipo](canal, envio)`)."""

    def __init__(self, sessionmaker, adaptadores) -> None:
        self.sessionmaker = sessionmaker
        self.adaptadores = adaptadores

    async def enviar_pendentes(self) -> int:
        """One round: claim, send (one destination's messages in order), record."""
        envios, canais = await self._reivindicar()
        por_destino: dict[tuple[int, str], list[EnvioCanal]] = defaultdict(list)
        for envio in envios:
            por_destino[(envio.canal_id, envio.destino)].append(envio)
        filas = por_destino.values()
        await asyncio.gather(*(self._enviar_em_ordem(f, canais[f[0].canal_id]) for f in filas))
        return len(envios)

    async def _reivindicar(self) -> tuple[list[EnvioCanal], dict[int, ContaCanal]]:
        async with self.sessionmaker(expire_on_commit=False) as session, session.begin():
            bind_all_empresas(session)
            await begin_write(session)
            agora = utcnow()
            envios = list(await session.scalars(_A_ENVIAR, {"agora": agora}))
            for envio in envios:
                if envio.estado == EstadoEnvio.ENVIANDO:
                    logger.warning("envio %s sem resposta do provedor: tentando de novo", envio.id)
            outbox.reivindicar(envios, agora, INCERTEZA)
            ids = {envio.canal_id for envio in envios}
            canais = {c.id: c for c in await session.scalars(_CANAIS, {"ids": list(ids)})}
        return envios, canais

    async def _enviar_em_ordem(self, fila: list[EnvioCanal], canal: ContaCanal) -> None:
        for envio in fila:
            try:
                resultado = await self.adaptadores[canal.tipo](canal, envio)
            except Exception as error:  # a bug in an adapter must not stop the others
                logger.exception("envio %s falhou no adaptador", envio.id)
                resultado = Resultado(erro=f"{type(error).__name__}: {error}", incerto=True)
            await self._registrar(envio, resultado)

    async def _registrar(self, envio: EnvioCanal, resultado: Resultado) -> None:
        async with self.sessionmaker() as session, session.begin():
            bind_empresa(session, envio.empresa_id)
            await begin_write(session)
            if resultado.aceito:
                await confirmar(session, envio.id, resultado.id_externo or "")
                return
            atual = await session.scalar(_ENVIO, {"id": envio.id})
            if atual is None or atual.estado != EstadoEnvio.ENVIANDO:
                return  # settled meanwhile by the provider's callback
            if resultado.definitivo or atual.tentativas >= MAX_TENTATIVAS:
                await _reprovar(session, atual, resultado.erro or "envio recusado")
                return
            atual.erro = (resultado.erro or "")[:1000] or None
            if not resultado.incerto:
                atual.estado = EstadoEnvio.PENDENTE
                atual.proxima_em = utcnow() + espera(atual.tentativas)
            # incerto: stays `enviando` until INCERTEZA passes, waiting for a callback.
