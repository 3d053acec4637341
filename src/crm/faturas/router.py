from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from src.auth.dependencies import AdminUser, CurrentUser
from src.core.database import DbSession
from src.core.openapi import error_responses
from src.core.pagination import Page
from src.core.types import MAX_BIG_ID, FaturaIdPath, IntegerText
from src.crm import calendario
from src.crm.cobranca import pix
from src.crm.faturas import service
from src.crm.faturas.repository import FiltroFaturas
from src.crm.faturas.schemas import (
    BoletoResponse,
    Competencia,
    FaturaCreate,
    FaturaResponse,
    FaturaUpdate,
    PixResponse,
)
from src.models import StatusFatura

router = APIRouter(prefix="/faturas", tags=["crm"])

IdFiltro = Annotated[int | None, Query(ge=1, le=MAX_BIG_ID), IntegerText]


@router.post(
    "/",
    response_model=FaturaResponse,
    status_code=status.HTTP_201_CREATED,
    summary="Criar fatura (admin)",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def criar(data: FaturaCreate, session: DbSession, _: AdminUser) -> FaturaResponse:
    fatura = await service.criar(session, data)
    return service.resposta(fatura, await calendario.hoje(session))


@router.get("/", response_model=list[FaturaResponse], summary="Faturas da empresa")
async def listar(
    session: DbSession,
    page: Page,
    _: CurrentUser,
    cliente_id: IdFiltro = None,
    contrato_id: IdFiltro = None,
    status_filtro: Annotated[
        StatusFatura | None,
        Query(alias="status", description="`vencida`: abertas depois do vencimento"),
    ] = None,
    competencia: Annotated[Competencia | None, Query(description="Mês, AAAA-MM")] = None,
) -> list[FaturaResponse]:
    filtro = FiltroFaturas(cliente_id, contrato_id, status_filtro, competencia)
    hoje = await calendario.hoje(session)
    return [service.resposta(f, hoje) for f in await service.listar(session, page, filtro)]


@router.get(
    "/{fatura_id}",
    response_model=FaturaResponse,
    summary="Buscar fatura",
    responses=error_responses(401, 404),
)
async def obter(fatura_id: FaturaIdPath, session: DbSession, _: CurrentUser) -> FaturaResponse:
    fatura = await service.obter(session, fatura_id)
    return service.resposta(fatura, await calendario.hoje(session))


@router.patch(
    "/{fatura_id}",
    response_model=FaturaResponse,
    summary="Alterar ou cancelar fatura (admin)",
    description="Só faturas não pagas mudam.",
    responses=error_responses(401, 403, 404, 409, 422),
)
async def atualizar(
    fatura_id: FaturaIdPath, data: FaturaUpdate, session: DbSession, _: AdminUser
) -> FaturaResponse:
    fatura = await service.atualizar(session, fatura_id, data)
    return service.resposta(fatura, await calendario.hoje(session))


@router.get(
    "/{fatura_id}/boleto",
    response_model=BoletoResponse,
    summary="Segunda via do boleto",
    description=(
        "Código de barras (44 dígitos) e linha digitável (47) no padrão FEBRABAN. Fatura "
        "vencida: valor com multa e juros e vencimento novo (docs/crm.md)."
    ),
    responses=error_responses(401, 404, 409, 422),
)
async def boleto(fatura_id: FaturaIdPath, session: DbSession, _: CurrentUser) -> BoletoResponse:
    return await service.segunda_via(session, fatura_id)


@router.get(
    "/{fatura_id}/pix",
    response_model=PixResponse,
    summary="PIX copia e cola da fatura",
    description=(
        "BR Code do PIX com o valor a pagar agora (com encargos, se vencida). `formato=svg` "
        "ou `formato=png` devolve só o QR code como imagem."
    ),
    responses={
        **error_responses(401, 404, 409, 422),
        200: {"content": {"image/svg+xml": {}, "image/png": {}}},
    },
)
async def codigo_pix(
    fatura_id: FaturaIdPath,
    session: DbSession,
    _: CurrentUser,
    formato: Annotated[Literal["json", "svg", "png"], Query()] = "json",
) -> PixResponse | Response:
    resultado = await service.codigo_pix(session, fatura_id)
    if formato == "svg":
        return Response(resultado.qr_code_svg, media_type="image/svg+xml")
    if formato == "png":
        return Response(pix.qr_png(resultado.copia_e_cola), media_type="image/png")
    return resultado
