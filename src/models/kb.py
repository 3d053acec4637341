"""The knowledge base: articles, every version of each, and the passages search ranks."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from src.core.tenancy import TenantScoped
from src.models.base import Base, utcnow


class ArtigoKb(TenantScoped, Base):
    """A help article in Markdown; published ones are also read without login."""

    __tablename__ = "artigos_kb"
    __table_args__ = (
        UniqueConstraint("empresa_id", "id", name="uq_artigos_kb_empresa_id"),
        UniqueConstraint("empresa_id", "titulo", name="uq_artigos_kb_titulo"),
        Index("ix_artigos_kb_publicado", "empresa_id", "publicado", "categoria"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    titulo: Mapped[str] = mapped_column(String(200))
    corpo: Mapped[str] = mapped_column(Text)
    categoria: Mapped[str | None] = mapped_column(String(80))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    publicado: Mapped[bool] = mapped_column(default=False)
    versao: Mapped[int] = mapped_column(default=1)
    autor_id: Mapped[int | None]
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)
    data_atualizacao: Mapped[datetime] = mapped_column(default=utcnow)


class VersaoArtigoKb(TenantScoped, Base):
    """An article as it was after one change: who made it and when."""

    __tablename__ = "versoes_artigo_kb"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "artigo_id"],
            ["artigos_kb.empresa_id", "artigos_kb.id"],
            ondelete="CASCADE",
            name="fk_versoes_artigo_kb_artigo_empresa",
        ),
        UniqueConstraint("empresa_id", "artigo_id", "versao", name="uq_versoes_artigo_kb"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    artigo_id: Mapped[int]
    versao: Mapped[int]
    titulo: Mapped[str] = mapped_column(String(200))
    corpo: Mapped[str] = mapped_column(Text)
    categoria: Mapped[str | None] = mapped_column(String(80))
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    publicado: Mapped[bool]
    usuario_id: Mapped[int | None]
    data: Mapped[datetime] = mapped_column(default=utcnow)


class TrechoKb(TenantScoped, Base):
    """A passage of an article, as search sees it: its text, its analysed terms (for BM25)
    and its sentence embedding (computed when the article is saved, never at query time)."""

    __tablename__ = "trechos_kb"
    __table_args__ = (
        ForeignKeyConstraint(
            ["empresa_id", "artigo_id"],
            ["artigos_kb.empresa_id", "artigos_kb.id"],
            ondelete="CASCADE",
            name="fk_trechos_kb_artigo_empresa",
        ),
        Index("ix_trechos_kb_artigo", "empresa_id", "artigo_id", "ordem"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    artigo_id: Mapped[int]
    ordem: Mapped[int]
    secao: Mapped[str | None] = mapped_column(String(200))
    texto: Mapped[str] = mapped_column(Text)
    termos: Mapped[str] = mapped_column(Text)  # stemmed, accent-free, space-separated
    # float16 x 512, little-endian; None when the encoder was not installed at save time.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    publicado: Mapped[bool] = mapped_column(default=False)


class EstadoKb(TenantScoped, Base):
    """One mark per empresa, drawn anew in every transaction that changes its passages: each
    process keeps its search index in memory and rebuilds it when the mark changes. Random, not
    a counter: a database restored or recreated under a running process never repeats one."""

    __tablename__ = "estado_kb"
    __table_args__ = (PrimaryKeyConstraint("empresa_id", name="pk_estado_kb"),)

    marca: Mapped[str] = mapped_column(String(32))
