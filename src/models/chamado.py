from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, BigId, one_of, utcnow
from src.models.enums import AutorTipo, Canal, Prioridade, StatusChamado, StatusEntrega


class Chamado(TenantScoped, Base):
    """A ticket: the customer's opening message, its triage, its state; the conversation itself
    is its thread of `Mensagem` rows and its history of `ChamadoEvento` rows."""

    __tablename__ = "chamados"
    __table_args__ = (
        one_of("canal", Canal),
        one_of("status", StatusChamado),
        one_of("prioridade", Prioridade),
        # A chamado can only point at a cliente of its own empresa, whatever id is sent.
        ForeignKeyConstraint(
            ["empresa_id", "cliente_id"],
            ["clientes.empresa_id", "clientes.id"],
            ondelete="CASCADE",
            name="fk_chamados_cliente_empresa",
        ),
        # A customer who writes after the reopen window gets a new ticket linked to the old one.
        ForeignKeyConstraint(
            ["empresa_id", "chamado_origem_id"],
            ["chamados.empresa_id", "chamados.id"],
            name="fk_chamados_origem_empresa",
        ),
        # The team is one of the ticket's empresa (deleting a team first clears its tickets).
        ForeignKeyConstraint(
            ["empresa_id", "equipe_id"],
            ["equipes.empresa_id", "equipes.id"],
            name="fk_chamados_equipe_empresa",
        ),
        # The channel account (a WhatsApp number) the customer wrote through: replies go back
        # through it.
        ForeignKeyConstraint(
            ["empresa_id", "conta_canal_id"],
            ["canais.empresa_id", "canais.id"],
            name="fk_chamados_conta_canal_empresa",
        ),
        UniqueConstraint("empresa_id", "id", name="uq_chamados_empresa_id"),
        # Every list is "one empresa's chamados, newest first", optionally filtered: one index
        # each, led by empresa_id (also the distribution column in docs/escala.md).
        Index("ix_chamados_recentes", "empresa_id", "data_criacao", "id"),
        Index("ix_chamados_canal_recentes", "empresa_id", "canal", "data_criacao", "id"),
        Index("ix_chamados_status_recentes", "empresa_id", "status", "data_criacao", "id"),
        Index("ix_chamados_cliente_recentes", "empresa_id", "cliente_id", "data_criacao", "id"),
        Index("ix_chamados_intencao", "empresa_id", "intencao"),
        # "My queue" and "unassigned" (atendente_id IS NULL), newest first; an operator's load.
        Index("ix_chamados_atendente_recentes", "empresa_id", "atendente_id", "data_criacao", "id"),
        Index("ix_chamados_equipe_recentes", "empresa_id", "equipe_id", "data_criacao", "id"),
        Index("ix_chamados_carga", "empresa_id", "atendente_id", "status"),
        # Sorted by SLA due time; the sweep that records breaches across empresas.
        Index("ix_chamados_sla_vence", "empresa_id", "sla_vence_em", "id"),
        Index("ix_chamados_sla_verificar", "sla_verificar_em"),
        Index("uq_chamados_csat_token", "csat_token", unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    cliente_id: Mapped[int] = mapped_column(BigId)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuarios.id", ondelete="SET NULL"), index=True
    )
    canal: Mapped[str] = mapped_column(String(20))
    # Who works it and which team's queue it is in (both empty: the empresa's general queue).
    atendente_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id", ondelete="SET NULL"))
    equipe_id: Mapped[int | None]
    mensagem: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=StatusChamado.ABERTO)
    resposta_automatica: Mapped[str | None] = mapped_column(Text)
    encaminhado_para_humano: Mapped[bool] = mapped_column(default=False)
    # Closed by the triage's answer (a greeting waiting on the customer is neither this nor
    # handed to a person); what the métricas count as resolved automatically.
    resolvido_automaticamente: Mapped[bool] = mapped_column(default=False, server_default=false())
    intencao: Mapped[str] = mapped_column(String(50))
    prioridade: Mapped[str] = mapped_column(String(10))
    confianca: Mapped[float | None] = mapped_column(Float)
    triagem_backend: Mapped[str | None] = mapped_column(String(20))
    versao_catalogo: Mapped[str | None] = mapped_column(String(40))
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    data_atualizacao: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the customer got a real answer (automatic or an operator's): tempo_medio_resposta.
    data_primeira_resposta: Mapped[datetime | None]
    # Last time it became resolvido: the reopen window counts from here.
    data_resolucao: Mapped[datetime | None]
    chamado_origem_id: Mapped[int | None] = mapped_column(BigId)
    conta_canal_id: Mapped[int | None]
    # SLA (chamados/sla): due times in business time; paused business minutes push them on.
    sla_primeira_resposta_ate: Mapped[datetime | None]
    sla_resolucao_ate: Mapped[datetime | None]
    sla_estado: Mapped[str | None] = mapped_column(String(20))
    sla_pausado_em: Mapped[datetime | None]
    sla_minutos_pausado: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    sla_vence_em: Mapped[datetime | None]  # earliest due time still to meet
    sla_verificar_em: Mapped[datetime | None]  # when the sweep must look again
    sla_alertas: Mapped[int] = mapped_column(default=0, server_default="0")  # recorded, bitmask
    # For métricas: business minutes to the first answer and to the (last) resolution, pauses
    # excluded, and how many times the customer reopened it.
    minutos_primeira_resposta: Mapped[float | None] = mapped_column(Float)
    minutos_resolucao: Mapped[float | None] = mapped_column(Float)
    reaberturas: Mapped[int] = mapped_column(default=0, server_default="0")
    # Why the triage gave its priority: [{"motivo", "trecho", "prioridade"}] (src/triage).
    motivos_prioridade: Mapped[list[dict] | None] = mapped_column(JSON)
    # Names of its labels (chamado_etiquetas holds the links): read with the ticket, no join.
    etiquetas: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # CSAT: the survey's unguessable token (set when the ticket is resolved) and its answer.
    csat_token: Mapped[str | None] = mapped_column(String(64))
    csat_nota: Mapped[int | None]
    csat_comentario: Mapped[str | None] = mapped_column(Text)
    csat_respondido_em: Mapped[datetime | None]


class Mensagem(TenantScoped, Base):
    """One message of a ticket's thread: the customer's, an operator's (public or an internal
    note), the bot's or a system line. Channels store their provider's id in `id_externo`, so a
    redelivered message is kept once."""

    __tablename__ = "mensagens"
    __table_args__ = (
        one_of("autor_tipo", AutorTipo),
        CheckConstraint(
            f"status_entrega IS NULL OR status_entrega IN "
            f"({', '.join(repr(str(s)) for s in StatusEntrega)})",
            name="status_entrega",
        ),
        ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            ondelete="CASCADE",
            name="fk_mensagens_chamado_empresa",
        ),
        Index("ix_mensagens_chamado", "empresa_id", "chamado_id", "data_criacao", "id"),
        # NULLs are distinct: only messages that came with a provider id are deduplicated.
        UniqueConstraint("empresa_id", "canal", "id_externo", name="uq_mensagens_id_externo"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chamado_id: Mapped[int] = mapped_column(BigId)
    autor_tipo: Mapped[str] = mapped_column(String(20))
    # The usuario for `atendente`, the cliente for `cliente`; none for `bot` and `sistema`.
    autor_id: Mapped[int | None] = mapped_column(BigId)
    # The operator who typed it, when it is not the author (a customer's call written down).
    registrado_por_id: Mapped[int | None] = mapped_column(
        ForeignKey("usuarios.id", ondelete="SET NULL")
    )
    interna: Mapped[bool] = mapped_column(default=False)
    canal: Mapped[str | None] = mapped_column(String(20))
    mensagem: Mapped[str] = mapped_column(Text)
    id_externo: Mapped[str | None] = mapped_column(String(255))
    status_entrega: Mapped[str | None] = mapped_column(String(20))
    # What a channel's message was (text, image, audio, location...) and its media's id.
    conteudo_tipo: Mapped[str | None] = mapped_column(String(20))
    midia_id: Mapped[str | None] = mapped_column(String(255))
    erro_entrega: Mapped[str | None] = mapped_column(String(500))  # the provider's, on failure
    # E-mail: its subject, and the whole text as it came (`mensagem` keeps only what the
    # customer wrote now, without the quoted history and the signature).
    assunto: Mapped[str | None] = mapped_column(String(300))
    conteudo_original: Mapped[str | None] = mapped_column(Text)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)


class ChamadoEvento(TenantScoped, Base):
    """One line of a ticket's history: what changed, who changed it (none: the system) and when."""

    __tablename__ = "chamado_eventos"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "chamado_id"],
            ["chamados.empresa_id", "chamados.id"],
            ondelete="CASCADE",
            name="fk_chamado_eventos_chamado_empresa",
        ),
        Index("ix_chamado_eventos_chamado", "empresa_id", "chamado_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    chamado_id: Mapped[int] = mapped_column(BigId)
    tipo: Mapped[str] = mapped_column(String(40))
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("usuarios.id", ondelete="SET NULL"))
    dados: Mapped[dict] = mapped_column(JSON, default=dict)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)


class Anexo(TenantScoped, Base):
    """A file that came with a message (an e-mail's attachment). Its bytes are kept up to
    ANEXO_MAX_BYTES; a bigger one is recorded (name, type, size) without them."""

    __tablename__ = "anexos"
    __table_args__ = (Index("ix_anexos_mensagem", "empresa_id", "mensagem_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    mensagem_id: Mapped[int] = mapped_column(BigId, ForeignKey("mensagens.id", ondelete="CASCADE"))
    nome: Mapped[str] = mapped_column(String(255))
    tipo: Mapped[str] = mapped_column(String(100))
    tamanho: Mapped[int]
    conteudo: Mapped[bytes | None] = mapped_column(LargeBinary)
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
