"""Contracts, and the plan changes that prorate the month.

Proration (docs/crm.md): a month's invoice charges the plan in force on the 1st of that
month. A change on day D of a month with N days leaves R = N - D + 1 days (D included) on the
new plan: the adjustment (new price - old price) x R / N, rounded half to even to the
centavo, is charged (or credited) on the first invoice of a LATER month created without an
explicit amount.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from src.clientes.service import ensure_cliente_exists
from src.core.errors import AppError, ConflictError, NotFoundError
from src.core.pagination import PageParams
from src.crm import calendario
from src.crm.contratos.repository import ContratoRepository
from src.crm.contratos.schemas import (
    ContratoCreate,
    ContratoResponse,
    ContratoUpdate,
    MudancaPlano,
    MudancaPlanoResponse,
    evento_response,
)
from src.crm.dinheiro import arredondar, centavos
from src.crm.planos.schemas import PlanoResponse
from src.crm.planos.service import PlanoNotFoundError
from src.models import Contrato, EventoContrato, Plano, StatusContrato, Usuario


class ContratoNotFoundError(NotFoundError):
    code = "contrato_not_found"
    detail = "Contrato não encontrado"


class PlanoInativoError(ConflictError):
    code = "plano_inativo"
    detail = "O plano está inativo e não aceita contratos novos"


class ContratoCanceladoError(ConflictError):
    code = "contrato_cancelado"
    detail = "O contrato está cancelado"


class MudancaInvalidaError(AppError):
    status_code = 422
    code = "mudanca_plano_invalida"


async def _plano_ativo(session: AsyncSession, plano_id: int) -> Plano:
    plano = await session.get(Plano, plano_id)
    if plano is None:
        raise PlanoNotFoundError()
    if not plano.ativo:
        raise PlanoInativoError()
    return plano


async def criar(session: AsyncSession, data: ContratoCreate, usuario: Usuario) -> Contrato:
    await ensure_cliente_exists(session, data.cliente_id)
    plano = await _plano_ativo(session, data.plano_id)
    inicio = data.inicio or await calendario.hoje(session)
    if data.fim is not None and data.fim < inicio:
        raise MudancaInvalidaError("fim: deve ser depois do início")
    contrato = await ContratoRepository(session).add(
        Contrato(
            cliente_id=data.cliente_id,
            plano_id=plano.id,
            dia_vencimento=data.dia_vencimento,
            inicio=inicio,
            fim=data.fim,
            status=StatusContrato.ATIVO,
        )
    )
    await _registrar(session, contrato, "criado", usuario, {"plano_id": plano.id})
    return contrato


async def obter(session: AsyncSession, contrato_id: int, *, para_alterar: bool = False) -> Contrato:
    contrato = await ContratoRepository(session).get(contrato_id, para_alterar=para_alterar)
    if contrato is None:
        raise ContratoNotFoundError()
    return contrato


async def listar(
    session: AsyncSession, page: PageParams, cliente_id: int | None, status: str | None
) -> Sequence[Contrato]:
    return await ContratoRepository(session).listar(page, cliente_id, status)


async def atualizar(
    session: AsyncSession, contrato_id: int, data: ContratoUpdate, usuario: Usuario
) -> Contrato:
    contrato = await obter(session, contrato_id, para_alterar=True)
    mudou: dict[str, object] = {}
    if data.status is not None and data.status != contrato.status:
        if contrato.status == StatusContrato.CANCELADO:
            raise ContratoCanceladoError()
        mudou["status"] = [contrato.status, data.status.value]
        contrato.status = data.status
    if data.dia_vencimento is not None and data.dia_vencimento != contrato.dia_vencimento:
        mudou["dia_vencimento"] = [contrato.dia_vencimento, data.dia_vencimento]
        contrato.dia_vencimento = data.dia_vencimento
    if "fim" in data.model_fields_set and data.fim != contrato.fim:
        if data.fim is not None and data.fim < contrato.inicio:
            raise MudancaInvalidaError("fim: deve ser depois do início do contrato")
        mudou["fim"] = [_iso(contrato.fim), _iso(data.fim)]
        contrato.fim = data.fim
    if mudou:
        await _registrar(session, contrato, "alterado", usuario, mudou)
    return contrato


async def mudar_plano(
    session: AsyncSession, contrato_id: int, data: MudancaPlano, usuario: Usuario
) -> MudancaPlanoResponse:
    contrato = await obter(session, contrato_id, para_alterar=True)
    if contrato.status == StatusContrato.CANCELADO:
        raise ContratoCanceladoError()
    if data.plano_id == contrato.plano_id:
        raise MudancaInvalidaError("plano_id: o contrato já está nesse plano")
    antigo = await session.get(Plano, contrato.plano_id)
    novo = await _plano_ativo(session, data.plano_id)
    hoje = await calendario.hoje(session)
    dia = data.data or hoje
    if (dia.year, dia.month) != (hoje.year, hoje.month) or dia < contrato.inicio:
        raise MudancaInvalidaError(
            "data: a mudança vale a partir de um dia deste mês, depois do início do contrato"
        )
    dias_no_mes = calendario.dias_no_mes(dia)
    restantes = dias_no_mes - dia.day + 1
    diferenca = Decimal(novo.preco_mensal_centavos - antigo.preco_mensal_centavos).scaleb(-2)
    ajuste = arredondar(diferenca * restantes / dias_no_mes)
    contrato.plano_id = novo.id
    evento = await _registrar(
        session,
        contrato,
        "mudanca_plano",
        usuario,
        {
            "plano_anterior_id": antigo.id,
            "plano_novo_id": novo.id,
            "data": dia.isoformat(),
            "competencia": calendario.competencia(dia),
            "dias_restantes": restantes,
            "dias_no_mes": dias_no_mes,
        },
        ajuste=centavos(ajuste),
    )
    return MudancaPlanoResponse(
        contrato=(await respostas(session, [contrato]))[0],
        evento=evento_response(evento),
        ajuste=ajuste,
        dias_restantes=restantes,
        dias_no_mes=dias_no_mes,
    )


async def eventos(session: AsyncSession, contrato_id: int) -> Sequence[EventoContrato]:
    await obter(session, contrato_id)
    return await ContratoRepository(session).eventos(contrato_id)


async def respostas(session: AsyncSession, contratos: Sequence[Contrato]) -> list[ContratoResponse]:
    """Contracts with their plans and pending adjustments, in two queries for any number."""
    repository = ContratoRepository(session)
    planos = await repository.planos({c.plano_id for c in contratos})
    ajustes = await repository.ajustes_pendentes([c.id for c in contratos])
    return [
        ContratoResponse(
            id=c.id,
            cliente_id=c.cliente_id,
            plano_id=c.plano_id,
            plano=PlanoResponse.de(planos[c.plano_id]),
            inicio=c.inicio,
            fim=c.fim,
            status=StatusContrato(c.status),
            dia_vencimento=c.dia_vencimento,
            ajuste_pendente=Decimal(ajustes.get(c.id, 0)).scaleb(-2),
            data_criacao=c.data_criacao,
        )
        for c in contratos
    ]


async def _registrar(
    session: AsyncSession,
    contrato: Contrato,
    tipo: str,
    usuario: Usuario | None,
    dados: dict,
    *,
    ajuste: int | None = None,
) -> EventoContrato:
    evento = EventoContrato(
        contrato_id=contrato.id,
        tipo=tipo,
        dados=dados,
        ajuste_centavos=ajuste,
        usuario_id=usuario.id if usuario else None,
    )
    session.add(evento)
    await session.flush()
    return evento


def _iso(dia: date | None) -> str | None:
    return dia.isoformat() if dia else None
