"""Dates as the empresa sees them: "today" and due dates are days in its own time zone."""

import calendar
from datetime import date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.tenancy import bound_empresa
from src.models import Empresa


async def hoje(session: AsyncSession) -> date:
    empresa = await session.get(Empresa, bound_empresa(session))
    fuso = ZoneInfo(empresa.fuso_horario if empresa else "America/Sao_Paulo")
    return datetime.now(fuso).date()


def dias_no_mes(dia: date) -> int:
    return calendar.monthrange(dia.year, dia.month)[1]


def competencia(dia: date) -> str:
    return f"{dia.year:04d}-{dia.month:02d}"


@cache
def _feriados(ano: int) -> frozenset[date]:
    return frozenset(holidays.Brazil(years=ano))


def dia_util(dia: date) -> bool:
    return dia.weekday() < 5 and dia not in _feriados(dia.year)


def limite_vencidas(hoje: date) -> date:
    """Invoices due before this day are overdue today. A due date on a weekend or national
    holiday moves to the next business day (paying then is on time), so on a Monday the
    invoices due on Saturday and Sunday are not overdue yet."""
    limite = hoje
    while not dia_util(limite - timedelta(days=1)):
        limite -= timedelta(days=1)
    return limite
