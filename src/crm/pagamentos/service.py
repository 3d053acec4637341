"""Payments: each notice recorded once; an invoice paid in full is settled."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.errors import ConflictError, NotFoundError
from src.core.pagination import PageParams
from src.crm import calendario
from src.crm.dinheiro import centavos
from src.crm.faturas.service import obter as obter_fatura
from src.crm.pagamentos.repository import PagamentoRepository
from src.crm.pagamentos.schemas import PagamentoCreate
from src.models import Pagamento, StatusFatura, Usuario


class IdExternoEmUsoError(ConflictError):
    code = "id_externo_em_uso"
    detail = "Esse id_externo já registrou outro pagamento (outra fatura ou outro valor)"


class PagamentoNotFoundError(NotFoundError):
    code = "pagamento_not_found"
    detail = "Pagamento não encontrado"


async def registrar(
    session: AsyncSession, data: PagamentoCreate, usuario: Usuario
) -> tuple[Pagamento, bool]:
    """The payment and whether it is new (False: this notice was recorded before).

    Money that arrived is always recorded, even for an invoice already paid or cancelled (a
    customer who paid twice): the invoice then shows more paid than owed, for a refund or a
    credit, instead of the notice being lost."""
    fatura = await obter_fatura(session, data.fatura_id, para_alterar=True)
    repository = PagamentoRepository(session)
    valor = centavos(data.valor)
    if data.id_externo is not None:  # read under the invoice's lock: retries queue up here
        anterior = await repository.por_id_externo(data.id_externo)
        if anterior is not None:
            return _o_mesmo(anterior, fatura.id, valor), False
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
    except IntegrityError:  # the same id_externo, for another invoice, at the same moment
        anterior = await repository.por_id_externo(data.id_externo or "")
        if anterior is None:
            raise
        return _o_mesmo(anterior, fatura.id, valor), False
    fatura.pago_centavos += valor
    if fatura.status == StatusFatura.ABERTA and fatura.pago_centavos >= fatura.valor_centavos:
        fatura.status = StatusFatura.PAGA
        fatura.pago_em = datetime.now(UTC)
    await session.flush()
    return pagamento, True


def _o_mesmo(anterior: Pagamento, fatura_id: int, valor: int) -> Pagamento:
    """A repeated notice must say what the first said: another invoice or amount is a
    different payment reusing the provider's id, refused rather than silently dropped."""
    if (anterior.fatura_id, anterior.valor_centavos) != (fatura_id, valor):
        raise IdExternoEmUsoError()
    return anterior


async def obter(session: AsyncSession, pagamento_id: int) -> Pagamento:
    pagamento = await PagamentoRepository(session).get(pagamento_id)
    if pagamento is None:
        raise PagamentoNotFoundError()
    return pagamento


async def listar(
    session: AsyncSession, page: PageParams, fatura_id: int | None, cliente_id: int | None
) -> Sequence[Pagamento]:
    return await PagamentoRepository(session).listar(page, fatura_id, cliente_id)
