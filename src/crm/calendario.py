"""Dates as the empresa sees them: "today" and due dates are days in its own time zone."""

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

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
