"""Payments: each notice recorded once; an invoice paid in full is settled."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import NotFoundError
from src.core.pagination import PageParams
from src.crm import calendario
from src.crm.dinheiro import centavos
from src.crm.faturas.service import FaturaCanceladaError, FaturaPagaError
from src.crm.faturas.service import obter as obter_fatura
from src.crm.pagamentos.repository import PagamentoRepository
from src.crm.pagamentos.schemas import PagamentoCreate
from src.models import Pagamento, StatusFatura, Usuario


class PagamentoNotFoundError(NotFoundError):
    code = "pagamento_not_found"
    detail = "Pagamento não encontrado"


async def registrar(
    session: AsyncSession, data: PagamentoCreate, usuario: Usuario
) -> tuple[Pagamento, bool]:
    """The payment and whether it is new (False: the same id_externo was recorded before)."""
    repository = PagamentoRepository(session)
    if data.id_externo is not None:
        anterior = await repository.por_id_externo(data.id_externo)
        if anterior is not None:
            return anterior, False
    fatura = await obter_fatura(session, data.fatura_id, para_alterar=True)
    if fatura.status == StatusFatura.CANCELADA:
        raise FaturaCanceladaError()
    if fatura.status == StatusFatura.PAGA:
        raise FaturaPagaError()
    valor = centavos(data.valor)
    pagamento = Pagamento(
        fatura_id=fatura.id,
        cliente_id=fatura.cliente_id,
        valor_centavos=valor,
        meio=data.meio,
        data=data.data or await calendario.hoje(session),
        id_externo=data.id_externo,
        usuario_id=usuario.id,
    )
    try:
        async with session.begin_nested():
            await repository.add(pagamento)
    except IntegrityError:  # the same notice, recorded by a concurrent request
        anterior = await repository.por_id_externo(data.id_externo or "")
        if anterior is None:
            raise
        return anterior, False
    fatura.pago_centavos += valor
    if fatura.pago_centavos >= fatura.valor_centavos:
        fatura.status = StatusFatura.PAGA
        fatura.pago_em = datetime.now(UTC)
    await session.flush()
    return pagamento, True


async def obter(session: AsyncSession, pagamento_id: int) -> Pagamento:
    pagamento = await PagamentoRepository(session).get(pagamento_id)
    if pagamento is None:
        raise PagamentoNotFoundError()
    return pagamento


async def listar(
    session: AsyncSession, page: PageParams, fatura_id: int | None, cliente_id: int | None
) -> Sequence[Pagamento]:
    return await PagamentoRepository(session).listar(page, fatura_id, cliente_id)
