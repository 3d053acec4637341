from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from src.models.base import Base, utcnow

# The empresa every install starts with: single-company installs never see another one, and
# public sign-ups join it. Its slug is fixed, so code and migrations find it without an id.
EMPRESA_PADRAO_SLUG = "padrao"


class Empresa(Base):
    """A company served by this installation: the tenant every other row belongs to."""

    __tablename__ = "empresas"

    id: Mapped[int] = mapped_column(primary_key=True)
    nome: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    # Inactive: every token of its operators is refused at once (checked on each request).
    ativa: Mapped[bool] = mapped_column(default=True)
    # A customer who writes this many days after a ticket was resolved gets a new ticket
    # (linked to the old one) instead of reopening it.
    janela_reabertura_dias: Mapped[int] = mapped_column(default=7, server_default="7")
    # Business time for SLAs: time zone, weekly schedule {"seg": ["08:00", "18:00"], ...} (None:
    # Monday to Friday, 8 to 18) and the empresa's own days off (ISO dates); national holidays
    # come from the `holidays` library.
    fuso_horario: Mapped[str] = mapped_column(
        String(64), default="America/Sao_Paulo", server_default="America/Sao_Paulo"
    )
    expediente: Mapped[dict | None] = mapped_column(JSON)
    folgas: Mapped[list | None] = mapped_column(JSON)
    # Where automatic answers send the customer ({"segunda_via": "https://...", ...}); an
    # intent whose answer needs a link the empresa has not set goes to a person instead.
    links: Mapped[dict | None] = mapped_column(JSON)
    # Who receives the payments: the PIX key, name and city of the BR Code, and the bank
    # agreement of boletos ({"pix_chave", "recebedor", "cidade", "banco", "convenio",
    # "carteira"}). Without it invoices exist but have no boleto or PIX to show.
    cobranca: Mapped[dict | None] = mapped_column(JSON)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
