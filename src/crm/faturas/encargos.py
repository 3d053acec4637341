"""What an overdue invoice costs today: the fine once, interest per day, to a new due date.

Multa: `multa_percentual` of the amount still owed. Juros de mora: `juros_mensais_percentual`
a month, simple, pro rata per day (a month counted as 30 days), over the amount still owed,
from the day after the original due date to the new one. Each rounded half to even.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from src.crm.calendario import limite_vencidas
from src.crm.config import CobrancaSettings
from src.crm.dinheiro import arredondar


@dataclass(frozen=True)
class Cobranca:
    """What to charge now for an invoice."""

    valor_original: Decimal  # still owed (the invoice less what was paid)
    multa: Decimal
    juros: Decimal
    vencimento: date
    vencida: bool

    @property
    def valor(self) -> Decimal:
        return self.valor_original + self.multa + self.juros


def calcular(devido: Decimal, vencimento: date, hoje: date, regras: CobrancaSettings) -> Cobranca:
    if vencimento >= limite_vencidas(hoje):  # a weekend or holiday due date moves ahead
        return Cobranca(devido, Decimal(0), Decimal(0), vencimento, vencida=False)
    novo = hoje + timedelta(days=regras.prazo_segunda_via_dias)
    dias = (novo - vencimento).days
    multa = arredondar(devido * regras.multa_percentual / 100)
    juros = arredondar(devido * regras.juros_mensais_percentual / 100 * dias / 30)
    return Cobranca(devido, multa, juros, novo, vencida=True)
