"""Invoices: created per contract and month, changed only while unpaid, and shown as a boleto
or a PIX code with late fees when overdue (encargos.py)."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import AppError, ConflictError, NotFoundError
from src.core.pagination import PageParams
from src.core.tenancy import bound_empresa
from src.crm import calendario
from src.crm.cobranca import boleto, pix
from src.crm.config import cobranca_settings
from src.crm.contratos.repository import ContratoRepository
from src.crm.contratos.service import ContratoCanceladoError
from src.crm.contratos.service import obter as obter_contrato
from src.crm.dinheiro import centavos
from src.crm.faturas import encargos
from src.crm.faturas.repository import FaturaRepository, FiltroFaturas
from src.crm.faturas.schemas import (
    BoletoResponse,
    FaturaCreate,
    FaturaResponse,
    FaturaUpdate,
    PixResponse,
)
from src.models import (
    Contrato,
    Empresa,
    EventoContrato,
    Fatura,
    Plano,
    StatusContrato,
    StatusFatura,
)

BANCO_DO_BRASIL = "001"


class FaturaNotFoundError(NotFoundError):
    code = "fatura_not_found"
    detail = "Fatura não encontrada"


class FaturaExistenteError(ConflictError):
    code = "fatura_existente"
    detail = "O contrato já tem uma fatura dessa competência"


class FaturaPagaError(ConflictError):
    code = "fatura_paga"
    detail = "A fatura já está paga"


class FaturaCanceladaError(ConflictError):
    code = "fatura_cancelada"
    detail = "A fatura está cancelada"


class CobrancaNaoConfiguradaError(ConflictError):
    code = "cobranca_nao_configurada"


class FaturaInvalidaError(AppError):
    status_code = 422
    code = "fatura_invalida"


async def criar(session: AsyncSession, data: FaturaCreate) -> Fatura:
    contrato = await obter_contrato(session, data.contrato_id, para_alterar=True)
    if contrato.status == StatusContrato.CANCELADO:
        raise ContratoCanceladoError()
    repository = FaturaRepository(session)
    if await repository.existe(contrato.id, data.competencia):
        raise FaturaExistenteError()
    ano, mes = (int(parte) for parte in data.competencia.split("-"))
    vencimento = data.vencimento or date(ano, mes, contrato.dia_vencimento)
    contratos = ContratoRepository(session)
    ajustes: list[EventoContrato] = []
    if data.valor is None:
        eventos = await contratos.eventos(contrato.id)
        plano = await session.get(Plano, _plano_no_inicio(contrato, eventos, data.competencia))
        ajustes = [
            e
            for e in eventos
            if e.ajuste_centavos is not None
            and e.fatura_id is None
            and (e.dados or {}).get("competencia", "") < data.competencia
        ]
        valor = plano.preco_mensal_centavos + sum(e.ajuste_centavos for e in ajustes)
        if valor <= 0:
            raise FaturaInvalidaError(
                "valor: os créditos pendentes cobrem o mês inteiro; informe o valor da fatura"
            )
    else:
        valor = centavos(data.valor)
    fatura = Fatura(
        contrato_id=contrato.id,
        cliente_id=contrato.cliente_id,
        competencia=data.competencia,
        valor_centavos=valor,
        vencimento=vencimento,
        status=StatusFatura.ABERTA,
    )
    try:
        await repository.add(fatura)
    except IntegrityError as exc:  # the same month created by a concurrent request
        raise FaturaExistenteError() from exc
    await contratos.aplicar_ajustes([e.id for e in ajustes], fatura.id)
    return fatura


def _plano_no_inicio(contrato: Contrato, eventos: Sequence[EventoContrato], mes: str) -> int:
    """The plan in force on the 1st of the month: the previous plan of the first change made
    in that month or later, or the current one when there was none."""
    for evento in eventos:  # oldest first
        dados = evento.dados or {}
        if evento.tipo == "mudanca_plano" and dados.get("competencia", "") >= mes:
            return int(dados["plano_anterior_id"])
    return contrato.plano_id


async def obter(session: AsyncSession, fatura_id: int, *, para_alterar: bool = False) -> Fatura:
    fatura = await FaturaRepository(session).get(fatura_id, para_alterar=para_alterar)
    if fatura is None:
        raise FaturaNotFoundError()
    return fatura


async def listar(
    session: AsyncSession, page: PageParams, filtro: FiltroFaturas
) -> Sequence[Fatura]:
    return await FaturaRepository(session).listar(page, filtro, await calendario.hoje(session))


async def atualizar(session: AsyncSession, fatura_id: int, data: FaturaUpdate) -> Fatura:
    fatura = await obter(session, fatura_id, para_alterar=True)
    if fatura.status == StatusFatura.PAGA:
        raise FaturaPagaError()
    if data.valor is not None:
        novo = centavos(data.valor)
        if novo <= fatura.pago_centavos:
            raise FaturaInvalidaError("valor: deve ser maior que o já pago nesta fatura")
        fatura.valor_centavos = novo
    if data.vencimento is not None:
        fatura.vencimento = data.vencimento
    if data.status is not None and data.status != fatura.status:
        fatura.status = StatusFatura(data.status)
        if fatura.status == StatusFatura.CANCELADA:
            await ContratoRepository(session).liberar_ajustes(fatura.id)
    await session.flush()
    return fatura


def status_visto(fatura: Fatura, hoje: date) -> StatusFatura:
    if fatura.status == StatusFatura.ABERTA and fatura.vencimento < calendario.limite_vencidas(
        hoje
    ):
        return StatusFatura.VENCIDA
    return StatusFatura(fatura.status)


def resposta(fatura: Fatura, hoje: date) -> FaturaResponse:
    return FaturaResponse(
        id=fatura.id,
        contrato_id=fatura.contrato_id,
        cliente_id=fatura.cliente_id,
        competencia=fatura.competencia,
        valor=fatura.valor,
        valor_pago=fatura.valor_pago,
        vencimento=fatura.vencimento,
        status=status_visto(fatura, hoje),
        pago_em=fatura.pago_em,
        data_criacao=fatura.data_criacao,
    )


async def segunda_via(session: AsyncSession, fatura_id: int) -> BoletoResponse:
    fatura, cobranca, config = await _a_cobrar(session, fatura_id)
    convenio, carteira = config.get("convenio"), config.get("carteira")
    if not convenio or not carteira:
        raise CobrancaNaoConfiguradaError(
            "A empresa não configurou o convênio de boletos (PATCH /empresas/atual, `cobranca`)"
        )
    try:
        campo_livre = boleto.campo_livre_convenio_7(convenio, fatura.id, carteira)
        documento = boleto.gerar(
            BANCO_DO_BRASIL, campo_livre, centavos(cobranca.valor), cobranca.vencimento
        )
    except ValueError as exc:  # a due date or amount the barcode cannot carry
        raise FaturaInvalidaError(f"Não é possível gerar o boleto: {exc}") from exc
    return BoletoResponse(
        fatura_id=fatura.id,
        banco=BANCO_DO_BRASIL,
        nosso_numero=f"{convenio}{fatura.id:010d}",
        codigo_barras=documento.codigo_barras,
        linha_digitavel=documento.linha_digitavel,
        linha_digitavel_formatada=documento.linha_formatada(),
        **_encargos(cobranca),
    )


async def codigo_pix(session: AsyncSession, fatura_id: int) -> PixResponse:
    fatura, cobranca, config = await _a_cobrar(session, fatura_id)
    if not config.get("pix_chave") or not config.get("recebedor") or not config.get("cidade"):
        raise CobrancaNaoConfiguradaError(
            "A empresa não configurou a chave PIX, o recebedor e a cidade "
            "(PATCH /empresas/atual, `cobranca`)"
        )
    txid = f"FAT{fatura.id}C{fatura.competencia.replace('-', '')}"
    try:
        codigo = pix.br_code(
            config["pix_chave"],
            config["recebedor"],
            config["cidade"],
            valor_centavos=centavos(cobranca.valor),
            txid=txid,
        )
    except ValueError as exc:  # e.g. a name with no letter the BR Code can carry
        raise FaturaInvalidaError(f"Não é possível gerar o PIX: {exc}") from exc
    return PixResponse(
        fatura_id=fatura.id,
        copia_e_cola=codigo,
        txid=txid,
        qr_code_svg=pix.qr_svg(codigo),
        **_encargos(cobranca),
    )


async def _a_cobrar(
    session: AsyncSession, fatura_id: int
) -> tuple[Fatura, encargos.Cobranca, dict]:
    fatura = await obter(session, fatura_id)
    if fatura.status == StatusFatura.PAGA:
        raise FaturaPagaError()
    if fatura.status == StatusFatura.CANCELADA:
        raise FaturaCanceladaError()
    empresa = await session.get(Empresa, bound_empresa(session))
    devido = Decimal(fatura.valor_centavos - fatura.pago_centavos).scaleb(-2)
    hoje = await calendario.hoje(session)
    cobranca = encargos.calcular(devido, fatura.vencimento, hoje, cobranca_settings())
    return fatura, cobranca, (empresa.cobranca or {}) if empresa else {}


def _encargos(cobranca: encargos.Cobranca) -> dict:
    return {
        "valor_original": cobranca.valor_original,
        "multa": cobranca.multa,
        "juros": cobranca.juros,
        "valor": cobranca.valor,
        "vencimento": cobranca.vencimento,
        "vencida": cobranca.vencida,
    }
