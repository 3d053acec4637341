from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, one_of, utcnow
from src.models.enums import EstadoEntrega


class WebhookEndpoint(TenantScoped, Base):
    """An integrator's URL and the event types it wants, signed with its own secret
    (encrypted at rest like the channels' secrets, src/core/segredos.py)."""

    __tablename__ = "webhooks"
    __table_args__ = (UniqueConstraint("empresa_id", "id", name="uq_webhooks_empresa_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    descricao: Mapped[str] = mapped_column(String(200), default="")
    eventos: Mapped[list] = mapped_column(JSON)
    segredo: Mapped[str] = mapped_column(Text)
    ativo: Mapped[bool] = mapped_column(default=True)
    # Why it stopped (the receiver answered 410, or failed for days), for the admin to see.
    motivo_desativacao: Mapped[str | None] = mapped_column(String(300))
    # Since when every attempt failed (none when the last one succeeded).
    falhando_desde: Mapped[datetime | None]
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    data_atualizacao: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EntregaWebhook(TenantScoped, Base):
    """One event for one endpoint: written in the transaction of what it reports (the
    outbox), retried until the receiver takes it or the schedule runs out. `mensagem_id` is
    the Standard Webhooks `webhook-id`, the same on every attempt and redelivery."""

    __tablename__ = "entregas_webhook"
    __table_args__ = (
        one_of("estado", EstadoEntrega),
        ForeignKeyConstraint(
            ["empresa_id", "webhook_id"],
            ["webhooks.empresa_id", "webhooks.id"],
            ondelete="CASCADE",
            name="fk_entregas_webhook_webhook",
        ),
        Index("ix_entregas_webhook_webhook", "empresa_id", "webhook_id", "id"),
        Index(
            "ix_entregas_webhook_a_entregar",
            "proxima_em",
            postgresql_where=text("estado IN ('pendente', 'enviando')"),
            sqlite_where=text("estado IN ('pendente', 'enviando')"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    webhook_id: Mapped[int]
    mensagem_id: Mapped[str] = mapped_column(String(64))
    tipo: Mapped[str] = mapped_column(String(60))
    corpo: Mapped[str] = mapped_column(Text)  # the JSON sent, byte for byte on every attempt
    estado: Mapped[str] = mapped_column(String(20), default=EstadoEntrega.PENDENTE)
    tentativas: Mapped[int] = mapped_column(default=0)
    proxima_em: Mapped[datetime] = mapped_column(default=utcnow)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    entregue_em: Mapped[datetime | None]


class TentativaWebhook(TenantScoped, Base):
    """Every attempt of a delivery, as the admin sees it: when, what came back, how long."""

    __tablename__ = "tentativas_webhook"
    __table_args__ = (Index("ix_tentativas_webhook_entrega", "entrega_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    entrega_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("entregas_webhook.id", ondelete="CASCADE")
    )
    status_http: Mapped[int | None]
    erro: Mapped[str | None] = mapped_column(String(500))
    duracao_ms: Mapped[int]
    data: Mapped[datetime] = mapped_column(default=utcnow)
