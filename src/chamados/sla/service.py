"""SLA of each ticket: set when it is opened, kept current by every change (the handlers in
`events.py`), and checked by a sweep so a breach is recorded when it happens."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.events import SlaAlerta
from src.chamados.sla.calendario import FUSO_PADRAO, Calendario
from src.chamados.sla.regras import (
    POLITICAS_PADRAO,
    VIOLACOES,
    Politica,
    avaliar,
    definir_prazos,
)
from src.chamados.sla.repository import SlaRepository
from src.chamados.sla.schemas import PoliticaSlaResponse, PoliticaSlaUpdate
from src.core import events, jobs
from src.core.cache import CachePorEmpresa
from src.core.tenancy import bind_all_empresas, bind_empresa, bound_empresa
from src.equipes.exceptions import ReferenciaInexistenteError
from src.equipes.repository import EquipeRepository
from src.models import PRIORIDADES, Chamado, PoliticaSla, Prioridade, SlaEstado
from src.models.base import utcnow

# How often the embedded worker looks for tickets crossing 80% or their due time, and how many
# it takes per empresa per round.
SWEEP_SECONDS = 30.0
SWEEP_BATCH = 500
# An empresa's calendar and policies, read by every new ticket, are kept per process for this
# long (src/core/cache.py).
CONFIG_TTL_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class ConfigSla:
    calendario: Calendario
    politicas: dict[str, Politica]

    def politica(self, prioridade: str) -> Politica:
        return self.politicas.get(prioridade) or POLITICAS_PADRAO[Prioridade(prioridade)]


_configs: CachePorEmpresa[ConfigSla] = CachePorEmpresa(CONFIG_TTL_SECONDS)


def config_alterada(session: AsyncSession, empresa_id: int) -> None:
    """The empresa's calendar or policies changed in this transaction."""
    _configs.invalidar_ao_confirmar(session, empresa_id)


async def config(session: AsyncSession, empresa_id: int) -> ConfigSla:
    return await _configs.obter(empresa_id, lambda: _carregar_config(session, empresa_id))


async def _carregar_config(session: AsyncSession, empresa_id: int) -> ConfigSla:
    repository = SlaRepository(session)
    fuso, expediente, folgas = await repository.calendario(empresa_id)
    politicas = {
        p.prioridade: Politica(
            p.primeira_resposta_minutos,
            p.resolucao_minutos,
            p.ao_violar_subir_prioridade,
            p.ao_violar_equipe_id,
        )
        for p in await repository.politicas()
    }
    return ConfigSla(Calendario.de_config(fuso or FUSO_PADRAO, expediente, folgas), politicas)


async def iniciar(session: AsyncSession, chamado: Chamado) -> None:
    """A new ticket's due times and state, before it is inserted (no extra statement)."""
    empresa_id = bound_empresa(session)
    assert empresa_id is not None
    cfg = await config(session, empresa_id)
    politica = cfg.politica(chamado.prioridade)
    chamado.sla_minutos_pausado = 0.0
    chamado.sla_alertas = 0
    definir_prazos(chamado, politica, cfg.calendario)
    avaliar(chamado, politica, cfg.calendario, utcnow())
    medir_tempos(chamado, cfg.calendario)


def medir_tempos(chamado: Chamado, calendario: Calendario) -> None:
    """Business minutes to the first answer and to the resolution, pauses excluded: what the
    métricas average and rank (set once the moment exists)."""
    if chamado.data_primeira_resposta is not None and chamado.minutos_primeira_resposta is None:
        chamado.minutos_primeira_resposta = calendario.minutos_entre(
            chamado.data_criacao, chamado.data_primeira_resposta
        )
    if chamado.data_resolucao is not None:
        total = calendario.minutos_entre(chamado.data_criacao, chamado.data_resolucao)
        chamado.minutos_resolucao = max(total - (chamado.sla_minutos_pausado or 0.0), 0.0)


async def reavaliar(
    session: AsyncSession,
    chamado: Chamado,
    *,
    novos_prazos: bool = False,
    agora: datetime | None = None,
) -> None:
    """After a change (status, priority, first answer): state, due times, alerts crossed."""
    cfg = await config(session, chamado.empresa_id)
    politica = cfg.politica(chamado.prioridade)
    medir_tempos(chamado, cfg.calendario)
    if chamado.sla_primeira_resposta_ate is None:
        return  # opened before SLAs (migration 0009): it never gets a clock, nor alerts
    if novos_prazos:
        definir_prazos(chamado, politica, cfg.calendario)
    for alvo, alerta in avaliar(chamado, politica, cfg.calendario, agora or utcnow()):
        estado = SlaEstado.VIOLADO if alerta in VIOLACOES else SlaEstado.EM_RISCO
        await events.emit(session, SlaAlerta(chamado, alvo, estado, politica))


async def pausar(session: AsyncSession, chamado: Chamado) -> None:
    chamado.sla_pausado_em = utcnow()
    await reavaliar(session, chamado)


async def retomar(session: AsyncSession, chamado: Chamado) -> None:
    """The business minutes spent waiting on the customer push every due time on."""
    if chamado.sla_pausado_em is not None:
        cfg = await config(session, chamado.empresa_id)
        pausa = cfg.calendario.minutos_entre(chamado.sla_pausado_em, utcnow())
        chamado.sla_minutos_pausado = (chamado.sla_minutos_pausado or 0.0) + pausa
        chamado.sla_pausado_em = None
    await reavaliar(session, chamado, novos_prazos=True)


async def verificar_prazos(
    sessionmaker, agora: datetime | None = None, limite: int = SWEEP_BATCH
) -> int:
    """Record every alert due by `agora` (the sweep): empresa by empresa, each in its own
    transaction; tickets another process is changing are skipped and seen next time."""
    agora = agora or utcnow()
    async with sessionmaker() as session:
        bind_all_empresas(session)
        empresas = await SlaRepository(session).empresas_com_prazo(agora)
    vistos = 0
    for empresa_id in empresas:
        async with sessionmaker() as session, session.begin():
            bind_empresa(session, empresa_id)
            for chamado in await SlaRepository(session).a_verificar(agora, limite):
                await reavaliar(session, chamado, agora=agora)
                vistos += 1
    return vistos


async def rodar_verificacao(sessionmaker, intervalo: float = SWEEP_SECONDS) -> None:
    """The embedded worker's SLA clock: runs until cancelled (at shutdown)."""
    await jobs.a_cada(intervalo, lambda: verificar_prazos(sessionmaker), "verificação de SLA")


async def politicas(session: AsyncSession, empresa_id: int) -> list[PoliticaSlaResponse]:
    definidas = {p.prioridade: p for p in await SlaRepository(session).politicas()}
    respostas = []
    for prioridade in PRIORIDADES:
        p = definidas.get(prioridade) or POLITICAS_PADRAO[prioridade]
        respostas.append(
            PoliticaSlaResponse(
                prioridade=prioridade,
                padrao=prioridade not in definidas,
                primeira_resposta_minutos=p.primeira_resposta_minutos,
                resolucao_minutos=p.resolucao_minutos,
                ao_violar_subir_prioridade=p.ao_violar_subir_prioridade,
                ao_violar_equipe_id=p.ao_violar_equipe_id,
            )
        )
    return respostas


async def definir_politica(
    session: AsyncSession, empresa_id: int, prioridade: Prioridade, data: PoliticaSlaUpdate
) -> PoliticaSlaResponse:
    """Applies to tickets opened (or whose priority changes) from now on."""
    destino = data.ao_violar_equipe_id
    if destino is not None and await EquipeRepository(session).get(destino) is None:
        raise ReferenciaInexistenteError("ao_violar_equipe_id: equipe inexistente nesta empresa")
    repository = SlaRepository(session)
    politica = await repository.get_politica(prioridade)
    if politica is None:
        politica = PoliticaSla(prioridade=prioridade)
        session.add(politica)
    for campo, valor in data.model_dump().items():
        setattr(politica, campo, valor)
    await session.flush()
    config_alterada(session, empresa_id)
    return next(p for p in await politicas(session, empresa_id) if p.prioridade == prioridade)
