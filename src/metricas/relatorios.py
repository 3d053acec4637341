"""SQL of the métricas over tickets: SLA compliance, CSAT, times per operator and per period.

Every figure is an aggregate over the tickets opened in [desde, ate), grouped by team,
operator, canal or intent. Percentiles are nearest-rank (the smallest value with at least p of
the group at or below it), computed with window functions on an aliased ORM subquery, so the
session scopes both levels to the empresa (core/tenancy.py).
"""

from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from src.chamados.sla.regras import Alerta
from src.models import STATUS_EM_ABERTO, Chamado, StatusChamado

GRUPOS = {
    "equipe": Chamado.equipe_id,
    "atendente": Chamado.atendente_id,
    "canal": Chamado.canal,
    "intencao": Chamado.intencao,
}
RESOLVIDO = (StatusChamado.RESOLVIDO, StatusChamado.FECHADO)


def _grupo(agrupar: str | None, entity=Chamado) -> ColumnElement:
    if agrupar is None:
        return literal("total")
    return getattr(entity, GRUPOS[agrupar].key)


def _periodo(entity, desde: datetime | None, ate: datetime | None) -> list[ColumnElement[bool]]:
    condicoes = []
    if desde is not None:
        condicoes.append(entity.data_criacao >= desde)
    if ate is not None:
        condicoes.append(entity.data_criacao < ate)
    return condicoes


def _conta(condicao: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condicao, 1), else_=0))


def _bit(coluna, alerta: Alerta) -> ColumnElement[bool]:
    return coluna.op("&")(int(alerta)) != 0


def sla(agrupar: str | None, desde: datetime | None, ate: datetime | None):
    c = Chamado
    grupo = _grupo(agrupar)
    pr_violada = _bit(c.sla_alertas, Alerta.PRIMEIRA_RESPOSTA_VIOLADA)
    res_violada = _bit(c.sla_alertas, Alerta.RESOLUCAO_VIOLADA)
    return (
        select(
            grupo.label("grupo"),
            func.count().label("total"),
            _conta(and_(c.data_primeira_resposta.is_not(None), ~pr_violada)).label("pr_cumprida"),
            _conta(pr_violada).label("pr_violada"),
            _conta(and_(c.status.in_(RESOLVIDO), ~res_violada)).label("res_cumprida"),
            _conta(res_violada).label("res_violada"),
            _conta(c.status.in_(STATUS_EM_ABERTO)).label("em_aberto"),
            _conta(c.sla_estado == "em_risco").label("em_risco"),
            _conta(c.reaberturas > 0).label("reabertos"),
        )
        .where(c.sla_estado.is_not(None), *_periodo(c, desde, ate))
        .group_by(grupo)
        .order_by(grupo)
    )


def csat(agrupar: str | None, desde: datetime | None, ate: datetime | None):
    c = Chamado
    grupo = _grupo(agrupar)
    notas = [_conta(c.csat_nota == n).label(f"nota_{n}") for n in range(1, 6)]
    return (
        select(
            grupo.label("grupo"),
            func.count(c.csat_nota).label("respostas"),
            func.avg(c.csat_nota).label("media"),
            *notas,
        )
        .where(c.csat_nota.is_not(None), *_periodo(c, desde, ate))
        .group_by(grupo)
        .order_by(grupo)
    )


def tempos(coluna: str, agrupar: str | None, desde: datetime | None, ate: datetime | None):
    """Mean, p50 and p90 of a business-minutes column per group."""
    valor = getattr(Chamado, coluna)
    grupo_interno = _grupo(agrupar)
    particao = [grupo_interno] if agrupar is not None else []
    ranqueados = (
        select(
            Chamado,
            func.row_number().over(partition_by=particao, order_by=valor).label("posicao"),
            func.count().over(partition_by=particao).label("n"),
        )
        .where(valor.is_not(None), *_periodo(Chamado, desde, ate))
        .subquery()
    )
    r = aliased(Chamado, ranqueados)
    v = getattr(r, coluna)
    grupo = _grupo(agrupar, r)

    def percentil(p: float) -> ColumnElement[float]:
        return func.min(case((ranqueados.c.posicao >= ranqueados.c.n * p, v)))

    return (
        select(
            grupo.label("grupo"),
            func.count().label("n"),
            func.avg(v).label("media"),
            percentil(0.5).label("p50"),
            percentil(0.9).label("p90"),
        )
        .group_by(grupo)
        .order_by(grupo)
    )


def periodo(intervalo: str, dialect: str, fuso: str, offset_horas: float, desde, ate):
    """Per day or month (in the empresa's time zone) of opening."""
    c = Chamado
    formato = {"dia": ("YYYY-MM-DD", "%Y-%m-%d"), "mes": ("YYYY-MM", "%Y-%m")}[intervalo]
    if dialect == "postgresql":
        balde = func.to_char(func.timezone(fuso, c.data_criacao), formato[0])
    else:  # SQLite keeps naive UTC text; Brazilian zones have fixed offsets since 2019
        balde = func.strftime(formato[1], c.data_criacao, f"{offset_horas:+g} hours")
    return (
        select(
            balde.label("periodo"),
            func.count().label("criados"),
            _conta(c.resolvido_automaticamente).label("resolvidos_automaticamente"),
            _conta(c.status.in_(RESOLVIDO)).label("resolvidos"),
            _conta(c.reaberturas > 0).label("reabertos"),
            func.avg(c.minutos_primeira_resposta).label("primeira_resposta_media"),
            func.avg(c.minutos_resolucao).label("resolucao_media"),
            func.avg(c.csat_nota).label("csat_media"),
        )
        .where(*_periodo(c, desde, ate))
        .group_by(balde)
        .order_by(balde)
    )
