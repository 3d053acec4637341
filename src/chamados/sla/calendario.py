"""Business time: an empresa's weekly schedule, in its time zone, without Brazilian national
holidays (the `holidays` library) nor the empresa's own days off.

Pure functions over datetimes (UTC in, UTC out): SLA due times are "this many business minutes
after that moment", and a pause is "the business minutes between two moments".
"""

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

DIAS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")  # date.weekday() order
FUSO_PADRAO = "America/Sao_Paulo"
FUSOS_DO_BRASIL = (
    "America/Sao_Paulo", "America/Bahia", "America/Fortaleza", "America/Recife",
    "America/Maceio", "America/Belem", "America/Araguaina", "America/Santarem",
    "America/Manaus", "America/Cuiaba", "America/Campo_Grande", "America/Porto_Velho",
    "America/Boa_Vista", "America/Rio_Branco", "America/Eirunepe", "America/Noronha",
)  # fmt: skip
EXPEDIENTE_PADRAO = dict.fromkeys(DIAS[:5], ("08:00", "18:00"))
# A schedule with one open hour a week still ends within this many days; past it the input
# was impossible (validation keeps at least one open day).
MAX_DIAS = 3 * 366


@functools.lru_cache(maxsize=64)
def _feriados_nacionais(ano: int) -> frozenset[date]:
    return frozenset(holidays.Brazil(years=ano))


@dataclass(frozen=True)
class Calendario:
    fuso: ZoneInfo
    # weekday (0 = Monday) -> opening and closing time, local
    expediente: dict[int, tuple[time, time]]
    folgas: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def de_config(
        cls, fuso: str, expediente: dict[str, list[str]] | None, folgas: list[str] | None
    ) -> "Calendario":
        dias = expediente if expediente is not None else EXPEDIENTE_PADRAO
        return cls(
            fuso=ZoneInfo(fuso),
            expediente={
                DIAS.index(dia): (time.fromisoformat(abre), time.fromisoformat(fecha))
                for dia, (abre, fecha) in dias.items()
            },
            folgas=frozenset(date.fromisoformat(d) for d in folgas or ()),
        )

    def aberto_em(self, dia: date) -> tuple[time, time] | None:
        if dia in self.folgas or dia in _feriados_nacionais(dia.year):
            return None
        return self.expediente.get(dia.weekday())

    def janelas(self, desde: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Business intervals (UTC) from `desde` on, in order."""
        local = desde.astimezone(self.fuso)
        dia = local.date()
        for _ in range(MAX_DIAS):
            horario = self.aberto_em(dia)
            if horario is not None:
                abre = datetime.combine(dia, horario[0], tzinfo=self.fuso)
                # Closing at or before the opening time: the shift runs past midnight (equal
                # times: open 24 hours).
                fim = dia if horario[1] > horario[0] else dia + timedelta(days=1)
                fecha = datetime.combine(fim, horario[1], tzinfo=self.fuso)
                inicio = max(abre, local)
                if inicio < fecha:
                    yield inicio.astimezone(UTC), fecha.astimezone(UTC)
            dia += timedelta(days=1)

    def somar(self, inicio: datetime, minutos: float) -> datetime:
        """The moment `minutos` business minutes after `inicio`."""
        restante = timedelta(minutes=minutos)
        if restante <= timedelta(0):
            return inicio
        for abre, fecha in self.janelas(inicio):
            if fecha - abre >= restante:
                return abre + restante
            restante -= fecha - abre
        raise ValueError("expediente sem horário aberto")

    def minutos_entre(self, inicio: datetime, fim: datetime) -> float:
        """Business minutes between two moments (0 when fim is not after inicio)."""
        total = timedelta(0)
        if fim <= inicio:
            return 0.0
        for abre, fecha in self.janelas(inicio):
            if abre >= fim:
                break
            total += min(fecha, fim) - abre
        return total.total_seconds() / 60
