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
from src.models.enums import EstadoEnvio


class ContaCanal(TenantScoped, Base):
    """A channel account of an empresa: a WhatsApp number or a support mailbox. Its provider
    secrets are kept encrypted (`segredos`, src/core/segredos.py); `token` is the
    unguessable path of its webhook, the only thing a provider's call carries to find it."""

    __tablename__ = "canais"
    __table_args__ = (
        UniqueConstraint("token", name="uq_canais_token"),
        UniqueConstraint("empresa_id", "id", name="uq_canais_empresa_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tipo: Mapped[str] = mapped_column(String(20))
    nome: Mapped[str] = mapped_column(String(120))
    config: Mapped[dict] = mapped_column(JSON)  # what is not secret (ids, base URL)
    segredos: Mapped[str] = mapped_column(Text)
    token: Mapped[str] = mapped_column(String(64))
    ativo: Mapped[bool] = mapped_column(default=True)
    # What the worker keeps between looks (a mailbox's UIDVALIDITY and last UID, when it was
    # read and what went wrong): not configuration, never shown as such.
    estado: Mapped[dict | None] = mapped_column(JSON)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    data_atualizacao: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EventoCanal(TenantScoped, Base):
    """A provider's call as it arrived (the raw body), stored before anything is parsed and
    answered at once; the worker turns it into messages and marks it `processado_em`."""

    __tablename__ = "eventos_canal"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "canal_id"],
            ["canais.empresa_id", "canais.id"],
            ondelete="CASCADE",
            name="fk_eventos_canal_canal",
        ),
        # What the worker still has to do: a small index, whatever the history's size.
        Index(
            "ix_eventos_canal_pendentes",
            "id",
            postgresql_where=text("processado_em IS NULL"),
            sqlite_where=text("processado_em IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    canal_id: Mapped[int]
    corpo: Mapped[str] = mapped_column(Text)
    recebido_em: Mapped[datetime] = mapped_column(default=utcnow)
    processado_em: Mapped[datetime | None]
    tentativas: Mapped[int] = mapped_column(default=0)
    erro: Mapped[str | None] = mapped_column(Text)


class EnvioCanal(TenantScoped, Base):
    """An outgoing message waiting for, or done with, its provider: the outbox. Written in the
    transaction of the answer it carries, so a reply that committed is never lost; the worker
    claims it (`enviando`), calls the provider, and keeps what came back (`id_externo`).
    See src/canais/envios.py for why a claim that never came back is retried only late."""

    __tablename__ = "envios_canal"
    __table_args__ = (
        one_of("estado", EstadoEnvio),
        ForeignKeyConstraint(
            ["empresa_id", "canal_id"],
            ["canais.empresa_id", "canais.id"],
            ondelete="CASCADE",
            name="fk_envios_canal_canal",
        ),
        # What the worker may still have to send: small whatever the history's size.
        Index(
            "ix_envios_canal_a_enviar",
            "proxima_em",
            postgresql_where=text("estado IN ('pendente', 'enviando')"),
            sqlite_where=text("estado IN ('pendente', 'enviando')"),
        ),
        Index("ix_envios_canal_mensagem", "mensagem_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    canal_id: Mapped[int]
    mensagem_id: Mapped[int] = mapped_column(BigId, ForeignKey("mensagens.id", ondelete="CASCADE"))
    destino: Mapped[str] = mapped_column(String(255))  # wa_id, or an address
    conteudo: Mapped[dict] = mapped_column(JSON)  # what to send, in the channel's terms
    estado: Mapped[str] = mapped_column(String(20), default=EstadoEnvio.PENDENTE)
    tentativas: Mapped[int] = mapped_column(default=0)
    proxima_em: Mapped[datetime] = mapped_column(default=utcnow)
    id_externo: Mapped[str | None] = mapped_column(String(255))
    erro: Mapped[str | None] = mapped_column(Text)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    enviado_em: Mapped[datetime | None]


class ModeloWhatsApp(TenantScoped, Base):
    """A message template of a WhatsApp account, as Meta last said it was (only APPROVED ones
    can be sent). Synced on demand from the Graph API; sent outside the 24-hour window."""

    __tablename__ = "modelos_whatsapp"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "canal_id"],
            ["canais.empresa_id", "canais.id"],
            ondelete="CASCADE",
            name="fk_modelos_whatsapp_canal",
        ),
        UniqueConstraint("canal_id", "nome", "idioma", name="uq_modelos_whatsapp_nome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    canal_id: Mapped[int]
    nome: Mapped[str] = mapped_column(String(512))
    idioma: Mapped[str] = mapped_column(String(20))
    categoria: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(30))
    componentes: Mapped[list] = mapped_column(JSON)
    atualizado_em: Mapped[datetime] = mapped_column(default=utcnow)
