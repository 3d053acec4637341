from collections.abc import Sequence
from urllib.parse import quote

from fastapi import APIRouter, Response, status

from src.auth.dependencies import CurrentUser
from src.chamados.mensagens import service
from src.chamados.mensagens.schemas import MensagemCreate, MensagemResponse
from src.core.database import DbSession
from src.core.idempotency import IDEMPOTENCY_KEY
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import AnexoIdPath, ChamadoIdPath
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


# Served as a download, never rendered by the browser from our origin: a file a customer sent
# could be HTML or SVG with a script in it.
SEGUROS_PARA_EXIBIR = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif"})


@router.get(
    "/{chamado_id}/anexos/{anexo_id}",
    summary="Baixar um anexo do chamado",
    description="O arquivo como veio (e-mail), como download. Maior que o limite: 404.",
    responses={
        200: {"description": "O arquivo", "content": {"application/octet-stream": {}}},
        **error_responses(401, 404),
    },
)
async def baixar_anexo(
    chamado_id: ChamadoIdPath, anexo_id: AnexoIdPath, session: DbSession, _: CurrentUser
) -> Response:
    anexo = await service.anexo(session, chamado_id, anexo_id)
    tipo = anexo.tipo if anexo.tipo in SEGUROS_PARA_EXIBIR else "application/octet-stream"
    nome = quote(anexo.nome, safe="")
    return Response(
        content=anexo.conteudo,
        media_type=tipo,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{nome}"},
    )
