"""The métricas counters follow every write to chamados, in the writer's transaction."""

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.events import (
    ChamadoCriado,
    ChamadoReaberto,
    MensagemCriada,
    StatusAlterado,
    TriagemAdotada,
)
from src.core import events
from src.metricas import contadores
from src.metricas.repository import ContadorRepository


@events.handler(ChamadoCriado)
async def count_new_chamado(session: AsyncSession, event: ChamadoCriado) -> None:
    await ContadorRepository(session).add(contadores.chamado_criado(event.chamado))


@events.handler(StatusAlterado)
async def move_status_count(session: AsyncSession, event: StatusAlterado) -> None:
    await ContadorRepository(session).add(contadores.status_mudou(event.chamado, event.anterior))


@events.handler(MensagemCriada)
async def count_first_answer(session: AsyncSession, event: MensagemCriada) -> None:
    if event.primeira_resposta:
        await ContadorRepository(session).add(contadores.primeira_resposta(event.chamado))


@events.handler(ChamadoReaberto)
async def count_reopen(session: AsyncSession, event: ChamadoReaberto) -> None:
    event.chamado.reaberturas = (event.chamado.reaberturas or 0) + 1


@events.handler(TriagemAdotada)
async def move_intent_count(session: AsyncSession, event: TriagemAdotada) -> None:
    deltas = contadores.triagem_adotada(
        event.chamado, event.intencao_anterior, event.resolvido_automaticamente_antes
    )
    await ContadorRepository(session).add(deltas)
