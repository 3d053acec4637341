from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import MAX_BIG_ID, IntegerText, PagamentoIdPath
from src.crm.faturas.service import obter as obter_fatura
from src.crm.pagamentos import service
from src.crm.pagamentos.schemas import PagamentoCreate, PagamentoResponse
from src.models import StatusFatura

router = APIRouter(prefix="/pagamentos", tags=["crm"])

IdFiltro = Annotated[int | None, Query(ge=1, le=MAX_BIG_ID), IntegerText]


@router.post(
    "/",
    response_model=PagamentoResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Registrar pagamento (admin ou integração)",
    description=(
        "Aviso de pagamento de uma fatura; quando o total pago cobre o valor, a fatura fica "
        "paga. Com `id_externo`, o mesmo aviso repetido responde 200 sem registrar de novo; o "
        "mesmo `id_externo` com outra fatura ou outro valor é 409. Dinheiro recebido por uma "
        "fatura já paga ou cancelada também é registrado (pago a mais, para estorno ou crédito)."
    ),
    responses=error_responses(401, 403, 404, 409),
)
async def registrar(
    data: PagamentoCreate, session: DbSession, admin: AdminUser, response: Response
) -> PagamentoResponse:
    pagamento, novo = await service.registrar(session, data, admin)
    if not novo:
        response.status_code = status.HTTP_200_OK
    fatura = await obter_fatura(session, pagamento.fatura_id)
    resposta = PagamentoResponse.model_validate(pagamento)
    resposta.fatura_paga = fatura.status == StatusFatura.PAGA
    return resposta


@router.get("/", response_model=list[PagamentoResponse], summary="Pagamentos recebidos")
async def listar(
    session: DbSession,
    page: Page,
    _: CurrentUser,
    fatura_id: IdFiltro = None,
    cliente_id: IdFiltro = None,
) -> list[PagamentoResponse]:
    pagamentos = await service.listar(session, page, fatura_id, cliente_id)
    return [PagamentoResponse.model_validate(p) for p in pagamentos]


@router.get(
    "/{pagamento_id}",
    response_model=PagamentoResponse,
    summary="Buscar pagamento",
    responses=error_responses(401, 404),
)
async def obter(
    pagamento_id: PagamentoIdPath, session: DbSession, _: CurrentUser
) -> PagamentoResponse:
    return PagamentoResponse.model_validate(await service.obter(session, pagamento_id))
