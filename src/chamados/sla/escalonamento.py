"""What an SLA alert does: tell the ticket's operator and its team's leads; on a breach, and
if the priority's policy says so, raise the priority and move the ticket to another team."""

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados import service as chamados
from src.chamados.atribuicao import service as atribuicao
from src.chamados.events import SlaAlerta, UsuariosNotificados
from src.chamados.sla.regras import Politica
from src.chamados.sla.repository import SlaRepository
from src.core import events
from src.equipes.repository import EquipeRepository
from src.models import PRIORIDADES, SlaEstado
from src.models.base import utcnow

ALVOS = {"primeira_resposta": "primeira resposta", "resolucao": "resolução"}
ESTADOS = {SlaEstado.EM_RISCO: "em risco (80% do prazo usado)", SlaEstado.VIOLADO: "vencido"}


async def escalar(session: AsyncSession, alerta: SlaAlerta) -> None:
    chamado = alerta.chamado
    destinatarios = await _quem_avisar(session, chamado.atendente_id, chamado.equipe_id)
    if destinatarios:
        texto = f"Chamado #{chamado.id}: prazo de {ALVOS[alerta.alvo]} {ESTADOS[alerta.estado]}"
        motivo = f"sla_{alerta.estado}"
        agora = utcnow()
        await SlaRepository(session).notificar(
            [
                {
                    "usuario_id": usuario_id,
                    "chamado_id": chamado.id,
                    "tipo": motivo,
                    "texto": texto,
                    "lida": False,
                    "data_criacao": agora,
                }
                for usuario_id in destinatarios
            ]
        )
        await events.emit(session, UsuariosNotificados(chamado, destinatarios, motivo))
    if alerta.estado == SlaEstado.VIOLADO:
        await _acoes_da_politica(session, alerta)


async def _quem_avisar(
    session: AsyncSession, atendente_id: int | None, equipe_id: int | None
) -> tuple[int, ...]:
    ids = [atendente_id] if atendente_id is not None else []
    if equipe_id is not None:
        for _, usuario_id, _, lider in await EquipeRepository(session).membros([equipe_id]):
            if lider and usuario_id not in ids:
                ids.append(usuario_id)
    return tuple(ids)


async def _acoes_da_politica(session: AsyncSession, alerta: SlaAlerta) -> None:
    politica: Politica = alerta.politica  # type: ignore[assignment]
    chamado = alerta.chamado
    nivel = PRIORIDADES.index(chamado.prioridade)
    if politica.ao_violar_subir_prioridade and nivel + 1 < len(PRIORIDADES):
        await chamados.mudar_prioridade(
            session, chamado, PRIORIDADES[nivel + 1], None, motivo="sla"
        )
    destino = politica.ao_violar_equipe_id
    if destino is not None and destino != chamado.equipe_id:
        await atribuicao.transferir(session, chamado, destino, motivo="sla")
