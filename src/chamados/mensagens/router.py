from collections.abc import Sequence

from fastapi import APIRouter, status

from src.auth.dependencies import CurrentUser
from src.chamados.mensagens import service
from src.chamados.mensagens.schemas import MensagemCreate, MensagemResponse
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import ChamadoIdPath
from src.triage.dependencies import TriadorDep

router = APIRouter(prefix="/chamados", tags=["mensagens"])


@router.get(
    "/{chamado_id}/mensagens",
    response_model=list[MensagemResponse],
    summary="Conversa do chamado (mais antigas primeiro)",
    description=(
        "Todas as mensagens do chamado, em ordem: a do cliente que o abriu, a resposta "
        "automática, respostas e notas internas dos atendentes, novas mensagens do cliente."
    ),
    responses=error_responses(401, 404),
)
async def list_mensagens(
    chamado_id: ChamadoIdPath, session: DbSession, page: Page, _: CurrentUser
) -> Sequence:
    return await service.thread(session, chamado_id, page)


@router.post(
    "/{chamado_id}/mensagens",
    response_model=MensagemResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Escrever no chamado (resposta, nota interna ou mensagem do cliente)",
    description=(
        "Uma resposta (`interna: false`) conta como primeira resposta ao cliente e põe um "
        "chamado aberto `em_atendimento`. Uma mensagem com `remetente: cliente` passa pela "
        "triagem (pode subir a prioridade), reabre o chamado resolvido dentro da janela da "
        "empresa (`janela_reabertura_dias`) e, depois dela ou num chamado fechado, abre um "
        "chamado novo ligado a este (`chamado_id` da resposta). Chamado fechado não recebe "
        "respostas (409)."
    ),
    responses=error_responses(401, 404, 409),
    openapi_extra=IDEMPOTENCY_KEY,
)
async def create_mensagem(
    chamado_id: ChamadoIdPath,
    data: MensagemCreate,
    session: DbSession,
    usuario: CurrentUser,
    triador: TriadorDep,
) -> MensagemResponse:
    mensagem = await service.registrar(session, chamado_id, data, usuario, triador)
    return MensagemResponse.model_validate(mensagem)
