"""Every change to a ticket becomes a line of its history, from the domain events alone.

The services never write history themselves: they emit events (`chamados/events.py`), and this
module turns each one into rows, in the same transaction. Outgoing webhooks and live updates
will subscribe to the same events.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.events import (
    AtribuicaoAlterada,
    ChamadoContinuado,
    ChamadoCriado,
    ChamadoReaberto,
    CsatRespondida,
    EtiquetasAlteradas,
    MensagemTriada,
    PrioridadeAlterada,
    SlaAlerta,
    StatusAlterado,
    TriagemAdotada,
    UsuariosNotificados,
)
from src.chamados.historico.repository import HistoricoRepository
from src.core import events
from src.models import Chamado
from src.models.base import utcnow


def _linha(chamado: Chamado, tipo: str, usuario_id: int | None, **dados: object) -> dict:
    return {
        "chamado_id": chamado.id,
        "tipo": tipo,
        "usuario_id": usuario_id,
        "dados": dados,
        "data_criacao": utcnow(),
    }


async def _registrar(session: AsyncSession, *linhas: dict) -> None:
    await HistoricoRepository(session).insert_many(list(linhas))


@events.handler(ChamadoCriado)
async def criado(session: AsyncSession, event: ChamadoCriado) -> None:
    chamado = event.chamado
    await _registrar(
        session,
        _linha(
            chamado,
            "criado",
            chamado.user_id,
            canal=chamado.canal,
            cliente_id=chamado.cliente_id,
            chamado_origem_id=chamado.chamado_origem_id,
        ),
        _linha(
            chamado,
            "triado",
            None,
            intencao=chamado.intencao,
            prioridade=chamado.prioridade,
            confianca=chamado.confianca,
            backend=chamado.triagem_backend,
            encaminhado_para_humano=chamado.encaminhado_para_humano,
        ),
    )


@events.handler(TriagemAdotada)
async def triagem_adotada(session: AsyncSession, event: TriagemAdotada) -> None:
    chamado = event.chamado
    await _registrar(
        session,
        _linha(
            chamado,
            "triagem_adotada",
            None,
            intencao_anterior=event.intencao_anterior,
            intencao=chamado.intencao,
            resolvido_automaticamente=chamado.resolvido_automaticamente,
            encaminhado_para_humano=chamado.encaminhado_para_humano,
        ),
    )


@events.handler(MensagemTriada)
async def triado(session: AsyncSession, event: MensagemTriada) -> None:
    await _registrar(
        session,
        _linha(
            event.chamado,
            "triado",
            None,
            mensagem_id=event.mensagem.id,
            intencao=event.intencao,
            prioridade=event.prioridade,
            confianca=event.confianca,
        ),
    )


@events.handler(StatusAlterado)
async def status(session: AsyncSession, event: StatusAlterado) -> None:
    await _registrar(
        session,
        _linha(
            event.chamado, "status", event.usuario_id, de=event.anterior, para=event.chamado.status
        ),
    )


@events.handler(PrioridadeAlterada)
async def prioridade(session: AsyncSession, event: PrioridadeAlterada) -> None:
    await _registrar(
        session,
        _linha(
            event.chamado,
            "prioridade",
            event.usuario_id,
            de=event.anterior,
            para=event.chamado.prioridade,
            motivo=event.motivo,
        ),
    )


@events.handler(ChamadoReaberto)
async def reaberto(session: AsyncSession, event: ChamadoReaberto) -> None:
    await _registrar(
        session, _linha(event.chamado, "reaberto", None, mensagem_id=event.mensagem.id)
    )


@events.handler(ChamadoContinuado)
async def continuado(session: AsyncSession, event: ChamadoContinuado) -> None:
    await _registrar(
        session, _linha(event.chamado, "continuado", None, chamado_novo_id=event.novo.id)
    )


@events.handler(AtribuicaoAlterada)
async def atribuicao(session: AsyncSession, event: AtribuicaoAlterada) -> None:
    chamado = event.chamado
    linhas = []
    if chamado.equipe_id != event.equipe_anterior:
        linhas.append(
            _linha(
                chamado,
                "transferido",
                event.usuario_id,
                de_equipe_id=event.equipe_anterior,
                para_equipe_id=chamado.equipe_id,
                motivo=event.motivo,
            )
        )
    if chamado.atendente_id != event.atendente_anterior:
        linhas.append(
            _linha(
                chamado,
                "atribuido",
                event.usuario_id,
                de_atendente_id=event.atendente_anterior,
                para_atendente_id=chamado.atendente_id,
                motivo=event.motivo,
            )
        )
    await _registrar(session, *linhas)


@events.handler(SlaAlerta)
async def sla(session: AsyncSession, event: SlaAlerta) -> None:
    chamado = event.chamado
    vencimento = {
        "primeira_resposta": chamado.sla_primeira_resposta_ate,
        "resolucao": chamado.sla_resolucao_ate,
    }[event.alvo]
    await _registrar(
        session,
        _linha(
            chamado,
            f"sla_{event.estado}",
            None,
            alvo=event.alvo,
            vence_em=vencimento.isoformat() if vencimento else None,
        ),
    )


@events.handler(UsuariosNotificados)
async def notificados(session: AsyncSession, event: UsuariosNotificados) -> None:
    await _registrar(
        session,
        _linha(
            event.chamado,
            "notificado",
            None,
            usuario_ids=list(event.usuario_ids),
            motivo=event.motivo,
        ),
    )


@events.handler(CsatRespondida)
async def csat(session: AsyncSession, event: CsatRespondida) -> None:
    chamado = event.chamado
    await _registrar(
        session,
        _linha(chamado, "csat", None, nota=chamado.csat_nota, comentario=chamado.csat_comentario),
    )


@events.handler(EtiquetasAlteradas)
async def etiquetas(session: AsyncSession, event: EtiquetasAlteradas) -> None:
    await _registrar(
        session,
        _linha(
            event.chamado,
            "etiquetas",
            event.usuario_id,
            adicionadas=list(event.adicionadas),
            removidas=list(event.removidas),
        ),
    )
