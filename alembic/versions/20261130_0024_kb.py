"""kb: help articles with their versions, the passages search ranks (terms and embeddings),
and the per-empresa mark that tells each process to rebuild its search index

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TS = sa.DateTime(timezone=True)


def _empresa_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresas.id"], name=f"fk_{table}_empresa_id_empresas", ondelete="CASCADE"
    )


def _artigo_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id", "artigo_id"],
        ["artigos_kb.empresa_id", "artigos_kb.id"],
        ondelete="CASCADE",
        name=f"fk_{table}_artigo_empresa",
    )


def upgrade() -> None:
    op.create_table(
        "artigos_kb",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("titulo", sa.String(length=200), nullable=False),
        sa.Column("corpo", sa.Text(), nullable=False),
        sa.Column("categoria", sa.String(length=80), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("publicado", sa.Boolean(), nullable=False),
        sa.Column("versao", sa.Integer(), nullable=False),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("data_criacao", _TS, nullable=False),
        sa.Column("data_atualizacao", _TS, nullable=False),
        _empresa_fk("artigos_kb"),
        sa.PrimaryKeyConstraint("id", name="pk_artigos_kb"),
        sa.UniqueConstraint("empresa_id", "id", name="uq_artigos_kb_empresa_id"),
        sa.UniqueConstraint("empresa_id", "titulo", name="uq_artigos_kb_titulo"),
    )
    op.create_index(
        "ix_artigos_kb_publicado", "artigos_kb", ["empresa_id", "publicado", "categoria"]
    )
    op.create_table(
        "versoes_artigo_kb",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("artigo_id", sa.Integer(), nullable=False),
        sa.Column("versao", sa.Integer(), nullable=False),
        sa.Column("titulo", sa.String(length=200), nullable=False),
        sa.Column("corpo", sa.Text(), nullable=False),
        sa.Column("categoria", sa.String(length=80), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("publicado", sa.Boolean(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("data", _TS, nullable=False),
        _empresa_fk("versoes_artigo_kb"),
        _artigo_fk("versoes_artigo_kb"),
        sa.PrimaryKeyConstraint("id", name="pk_versoes_artigo_kb"),
        sa.UniqueConstraint("empresa_id", "artigo_id", "versao", name="uq_versoes_artigo_kb"),
    )
    op.create_table(
        "trechos_kb",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("artigo_id", sa.Integer(), nullable=False),
        sa.Column("ordem", sa.Integer(), nullable=False),
        sa.Column("secao", sa.String(length=200), nullable=True),
        sa.Column("texto", sa.Text(), nullable=False),
        sa.Column("termos", sa.Text(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("publicado", sa.Boolean(), nullable=False),
        _empresa_fk("trechos_kb"),
        _artigo_fk("trechos_kb"),
        sa.PrimaryKeyConstraint("id", name="pk_trechos_kb"),
    )
    op.create_index("ix_trechos_kb_artigo", "trechos_kb", ["empresa_id", "artigo_id", "ordem"])
    op.create_table(
        "estado_kb",
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.Column("marca", sa.String(length=32), nullable=False),
        _empresa_fk("estado_kb"),
        sa.PrimaryKeyConstraint("empresa_id", name="pk_estado_kb"),
    )


def downgrade() -> None:
    op.drop_table("estado_kb")
    op.drop_table("trechos_kb")
    op.drop_table("versoes_artigo_kb")
    op.drop_table("artigos_kb")
