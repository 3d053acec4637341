"""Business time: schedule, time zone, national holidays, the empresa's days off."""

from datetime import UTC, datetime

import pytest

from src.chamados.sla.calendario import Calendario

SP = "America/Sao_Paulo"  # UTC-3, no daylight saving time since 2019


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def comercial() -> Calendario:
    return Calendario.de_config(SP, None, None)  # Monday to Friday, 08:00-18:00


def test_minutes_inside_one_day(comercial):
    # Monday 2026-11-23 10:00 local = 13:00 UTC.
    assert comercial.somar(_utc("2026-11-23 13:00"), 90) == _utc("2026-11-23 14:30")


def test_the_clock_stops_at_night_and_over_the_weekend(comercial):
    # Friday 2026-11-27 17:00 local + 2 h: one hour on Friday, one on Monday from 08:00.
    assert comercial.somar(_utc("2026-11-27 20:00"), 120) == _utc("2026-11-30 12:00")
    # Opened on Sunday: counts from Monday 08:00.
    assert comercial.somar(_utc("2026-11-29 15:00"), 60) == _utc("2026-11-30 12:00")


def test_national_holidays_do_not_count(comercial):
    # Friday 2026-11-20 is Dia Nacional de Zumbi e da Consciência Negra.
    assert comercial.somar(_utc("2026-11-19 20:30"), 60) == _utc("2026-11-23 11:30")


def test_the_empresas_own_days_off_do_not_count():
    calendario = Calendario.de_config(SP, None, ["2026-11-23"])
    assert calendario.somar(_utc("2026-11-20 12:00"), 60) == _utc("2026-11-24 12:00")


def test_a_shift_past_midnight_and_a_24_hour_day():
    noturno = Calendario.de_config(SP, {"seg": ["22:00", "06:00"]}, None)
    # Monday 23:00 local + 3 h -> Tuesday 02:00 local (05:00 UTC).
    assert noturno.somar(_utc("2026-11-24 02:00"), 180) == _utc("2026-11-24 05:00")
    sempre = Calendario.de_config(SP, {d: ["00:00", "00:00"] for d in _DIAS}, None)
    assert sempre.somar(_utc("2026-12-01 10:00"), 48 * 60) == _utc("2026-12-03 10:00")
    # Open every hour of the week, still not on Christmas.
    assert sempre.somar(_utc("2026-12-24 10:00"), 48 * 60) == _utc("2026-12-27 10:00")


_DIAS = ("seg", "ter", "qua", "qui", "sex", "sab", "dom")


def test_business_minutes_between_two_moments(comercial):
    # Friday 17:00 to Monday 09:00 local: one hour on Friday, one on Monday.
    assert comercial.minutos_entre(_utc("2026-11-27 20:00"), _utc("2026-11-30 12:00")) == 120
    assert comercial.minutos_entre(_utc("2026-11-30 12:00"), _utc("2026-11-27 20:00")) == 0
