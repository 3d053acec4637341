from datetime import datetime

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, utcnow
from src.models.enums import Canal


class Cliente(TenantScoped, Base):
    """A customer of one empresa, who writes in through one of the channels."""

    __tablename__ = "clientes"
    __table_args__ = (
        # Two empresas may serve the same person: the e-mail is unique within one empresa.
        UniqueConstraint("empresa_id", "email", name="uq_clientes_empresa_email"),
        # Target of the composite foreign keys that keep chamados inside their empresa.
        UniqueConstraint("empresa_id", "id", name="uq_clientes_empresa_id"),
        # Found by their WhatsApp id (canonical: Brazilian mobiles with the ninth digit).
        UniqueConstraint("empresa_id", "whatsapp", name="uq_clientes_empresa_whatsapp"),
        # One customer record per CPF/CNPJ within an empresa.
        UniqueConstraint("empresa_id", "cpf_cnpj", name="uq_clientes_empresa_cpf_cnpj"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    nome: Mapped[str] = mapped_column(String(255))
    # None only for customers who arrived through a channel that has no e-mail (WhatsApp).
    email: Mapped[str | None] = mapped_column(String(255))
    telefone: Mapped[str | None] = mapped_column(String(20))
    whatsapp: Mapped[str | None] = mapped_column(String(20))
    canal_preferido: Mapped[str] = mapped_column(String(20), default=Canal.SITE)
    # Digits only (a CNPJ may also hold letters, from July 2026 on); shown masked to operators.
    cpf_cnpj: Mapped[str | None] = mapped_column(String(14))
    # {cep, logradouro, numero, complemento, bairro, cidade, uf}
    endereco: Mapped[dict | None] = mapped_column(JSON)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
