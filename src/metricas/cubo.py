"""What one ticket contributes to the daily métricas (pure: no SQL here).

A ticket opened on day D (the empresa's calendar day) adds a vector of counts and sums to D's
row of every dimension it has a value in, and one count to the histogram of each business time
it has. A change to the ticket takes its old contribution out and puts the new one in, so the
rows always equal a recount from the chamados table (`cubo_repository.reconstruir` is that
recount, from this same function).
"""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from src.models import STATUS_EM_ABERTO, StatusChamado
from src.models.metrica import CONTAGENS, SEM_ATENDENTE, SOMAS

# The ticket columns a contribution reads; a change to any other column moves nothing.
CAMPOS = (
    "empresa_id",
    "data_criacao",
    "equipe_id",
    "atendente_id",
    "canal",
    "intencao",
    "status",
    "resolvido_automaticamente",
    "reaberturas",
    "sla_estado",
    "sla_alertas",
    "data_primeira_resposta",
    "csat_nota",
    "minutos_primeira_resposta",
    "minutos_resolucao",
)
VETOR = CONTAGENS + SOMAS
TEMPOS = {"pr": "minutos_primeira_resposta", "res": "minutos_resolucao"}
_RESOLVIDO = (StatusChamado.RESOLVIDO, StatusChamado.FECHADO)
# sla_alertas bits (chamados/sla/regras.py Alerta), read here without importing the SLA rules.
_PR_VIOLADA, _RES_VIOLADA = 2, 8

# The time histograms live in the same rows: dimensao "pr" or "res", valor
# "<atendente>:<decimos>", the count in `chamados`; and once more on TODOS_OS_DIAS, the sum
# over every day that the report without a period reads.
TODOS_OS_DIAS = date(1, 1, 1)
Chave = tuple[str, date, str]  # (dimensao, dia, valor): the row's key after the empresa
ChaveTempo = tuple[str, date, int, int]  # (metrica, dia, atendente, decimos)


def dia_local(momento: datetime, fuso: ZoneInfo) -> date:
    """The empresa's calendar day of a moment (SQLite gives naive UTC datetimes)."""
    if momento.tzinfo is None:
        momento = momento.replace(tzinfo=UTC)
    return momento.astimezone(fuso).date()


def valor_de_grupo(valor: Any) -> str:
    """How a group's value is keyed: ids and names as text, nothing as ""."""
    return "" if valor is None else str(valor)


def decimos(minutos: float) -> int:
    """Tenths of a minute: the precision the API shows times in."""
    return round(minutos * 10)


def vetor(v: Mapping[str, Any]) -> tuple:
    """The counts and sums of one ticket, in VETOR's order."""
    com_sla = v["sla_estado"] is not None
    alertas = v["sla_alertas"] or 0
    resolvido = v["status"] in _RESOLVIDO
    reaberto = (v["reaberturas"] or 0) > 0
    pr, res = v["minutos_primeira_resposta"], v["minutos_resolucao"]
    nota = v["csat_nota"]
    contagens = {
        "chamados": 1,
        "resolvidos_automaticamente": bool(v["resolvido_automaticamente"]),
        "resolvidos": resolvido,
        "reabertos": reaberto,
        "sla_chamados": com_sla,
        "sla_pr_cumpridos": com_sla
        and v["data_primeira_resposta"] is not None
        and not alertas & _PR_VIOLADA,
        "sla_pr_violados": com_sla and bool(alertas & _PR_VIOLADA),
        "sla_res_cumpridos": com_sla and resolvido and not alertas & _RES_VIOLADA,
        "sla_res_violados": com_sla and bool(alertas & _RES_VIOLADA),
        "sla_em_aberto": com_sla and v["status"] in STATUS_EM_ABERTO,
        "sla_em_risco": com_sla and v["sla_estado"] == "em_risco",
        "sla_reabertos": com_sla and reaberto,
        "pr_chamados": pr is not None,
        "res_chamados": res is not None,
    } | {f"csat_{n}": nota == n for n in range(1, 6)}
    somas = {"pr_minutos": pr or 0.0, "res_minutos": res or 0.0}
    return tuple(int(contagens[nome]) for nome in CONTAGENS) + tuple(somas[n] for n in SOMAS)


@dataclass(slots=True)
class Deltas:
    """What a set of ticket changes adds to the rows of one empresa (zero deltas left out)."""

    cubo: dict[tuple[date, str, str], list]
    tempos: dict[ChaveTempo, int]

    @classmethod
    def vazio(cls) -> "Deltas":
        return cls(defaultdict(lambda: [0] * len(VETOR)), defaultdict(int))

    def somar(self, v: Mapping[str, Any], fuso: ZoneInfo, sinal: int) -> None:
        dia = dia_local(v["data_criacao"], fuso)
        contribuicao = vetor(v)
        grupos = {
            "total": "*",
            "equipe": valor_de_grupo(v["equipe_id"]),
            "atendente": valor_de_grupo(v["atendente_id"]),
            "canal": valor_de_grupo(v["canal"]),
            "intencao": valor_de_grupo(v["intencao"]),
        }
        for dimensao, valor in grupos.items():
            linha = self.cubo[(dia, dimensao, valor)]
            for i, parcela in enumerate(contribuicao):
                linha[i] += sinal * parcela
        atendente = v["atendente_id"] or SEM_ATENDENTE
        for metrica, coluna in TEMPOS.items():
            if v[coluna] is not None:
                self.tempos[(metrica, dia, atendente, decimos(v[coluna]))] += sinal

    def trocar(self, antes: Mapping[str, Any], depois: Mapping[str, Any], fuso: ZoneInfo) -> None:
        self.somar(antes, fuso, -1)
        self.somar(depois, fuso, 1)

    def linhas(self) -> list[tuple[Chave, list]]:
        """Every non-zero row, in key order."""
        linhas = {(d, dia, valor): v for (dia, d, valor), v in self.cubo.items() if any(v)}
        vazio = [0] * len(VETOR)
        for (metrica, dia, atendente, dec), n in self.tempos.items():
            if n:
                valor = valor_de_tempo(atendente, dec)
                for chave in ((metrica, dia, valor), (metrica, TODOS_OS_DIAS, valor)):
                    linha = linhas.setdefault(chave, list(vazio))
                    linha[0] += n  # VETOR[0] is "chamados"
        return sorted((k, v) for k, v in linhas.items() if any(v))


def valor_de_tempo(atendente: int, dec: int) -> str:
    return f"{atendente}:{dec}"


def de_valor_de_tempo(valor: str) -> tuple[int, int]:
    atendente, dec = valor.split(":")
    return int(atendente), int(dec)
