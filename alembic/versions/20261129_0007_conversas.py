"""conversas: each chamado becomes a thread (mensagens) with a history (chamado_eventos)

The opening message, the automatic answer and every operator reply (the old `respostas`) move
into `mensagens`; each existing chamado gets its `criado` and `triado` history lines. Statuses
grow (em_atendimento, aguardando_cliente, fechado) and empresas choose their reopen window.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

STATUS_V1 = "status IN ('aberto', 'resolvido', 'encaminhado')"
STATUS = (
    "status IN ('aberto', 'resolvido', 'encaminhado', 'em_atendimento', "
    "'aguardando_cliente', 'fechado')"
)


def _empresa_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id"], ["empresas.id"], name=f"fk_{table}_empresa_id_empresas", ondelete="CASCADE"
    )


def _chamado_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["empresa_id", "chamado_id"],
        ["chamados.empresa_id", "chamados.id"],
        name=f"fk_{table}_chamado_empresa",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.add_column(
        "empresas",
        sa.Column("janela_reabertura_dias", sa.Integer(), server_default="7", nullable=False),
    )
    with op.batch_alter_table("chamados") as batch:
        batch.add_column(sa.Column("data_resolucao", Timestamp, nullable=True))
        batch.add_column(sa.Column("chamado_origem_id", BigId, nullable=True))
        batch.create_foreign_key(
            "fk_chamados_origem_empresa",
            "chamados",
            ["empresa_id", "chamado_origem_id"],
            ["empresa_id", "id"],
        )
        batch.drop_constraint(op.f("ck_chamados_status"), type_="check")
        batch.create_check_constraint("status", STATUS)
    op.create_table(
        "mensagens",
        sa.Column("id", BigId, nullable=False),
        sa.Column("chamado_id", BigId, nullable=False),
        sa.Column("autor_tipo", sa.String(length=20), nullable=False),
        sa.Column("autor_id", BigId, nullable=True),
        sa.Column("registrado_por_id", sa.Integer(), nullable=True),
        sa.Column("interna", sa.Boolean(), nullable=False),
        sa.Column("canal", sa.String(length=20), nullable=True),
        sa.Column("mensagem", sa.Text(), nullable=False),
        sa.Column("id_externo", sa.String(length=255), nullable=True),
        sa.Column("status_entrega", sa.String(length=20), nullable=True),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "autor_tipo IN ('cliente', 'atendente', 'bot', 'sistema')",
            name="ck_mensagens_autor_tipo",
        ),
        sa.CheckConstraint(
            "status_entrega IS NULL OR status_entrega IN "
            "('pendente', 'enviada', 'entregue', 'lida', 'falhou')",
            name="ck_mensagens_status_entrega",
        ),
        _empresa_fk("mensagens"),
        _chamado_fk("mensagens"),
        sa.ForeignKeyConstraint(
            ["registrado_por_id"],
            ["usuarios.id"],
            name="fk_mensagens_registrado_por_id_usuarios",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_mensagens"),
        sa.UniqueConstraint("empresa_id", "canal", "id_externo", name="uq_mensagens_id_externo"),
    )
    op.create_index(
        "ix_mensagens_chamado", "mensagens", ["empresa_id", "chamado_id", "data_criacao", "id"]
    )
    op.create_table(
        "chamado_eventos",
        sa.Column("id", BigId, nullable=False),
        sa.Column("chamado_id", BigId, nullable=False),
        sa.Column("tipo", sa.String(length=40), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("dados", sa.JSON(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        _empresa_fk("chamado_eventos"),
        _chamado_fk("chamado_eventos"),
        sa.ForeignKeyConstraint(
            ["usuario_id"],
            ["usuarios.id"],
            name="fk_chamado_eventos_usuario_id_usuarios",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_chamado_eventos"),
    )
    op.create_index(
        "ix_chamado_eventos_chamado", "chamado_eventos", ["empresa_id", "chamado_id", "id"]
    )
    _move_into_threads()
    op.drop_index("ix_respostas_chamado", table_name="respostas")
    op.drop_table("respostas")


def _move_into_threads() -> None:
    """In thread order: every opening message first, then the automatic answers (stamped when
    they were given), then the replies; the thread sorts by (data_criacao, id)."""
    op.execute(
        "INSERT INTO mensagens (empresa_id, chamado_id, autor_tipo, autor_id, interna, canal, "
        "mensagem, data_criacao) "
        "SELECT empresa_id, id, 'cliente', cliente_id, false, canal, mensagem, data_criacao "
        "FROM chamados ORDER BY id"
    )
    op.execute(
        "INSERT INTO mensagens (empresa_id, chamado_id, autor_tipo, interna, canal, mensagem, "
        "data_criacao) "
        "SELECT empresa_id, id, 'bot', false, canal, resposta_automatica, "
        "CASE WHEN encaminhado_para_humano THEN data_criacao "
        "ELSE COALESCE(data_primeira_resposta, data_criacao) END "
        "FROM chamados WHERE resposta_automatica IS NOT NULL ORDER BY id"
    )
    op.execute(
        "INSERT INTO mensagens (empresa_id, chamado_id, autor_tipo, autor_id, interna, canal, "
        "mensagem, data_criacao) "
        "SELECT r.empresa_id, r.chamado_id, 'atendente', r.autor_id, false, c.canal, r.mensagem, "
        "r.data_criacao FROM respostas r JOIN chamados c "
        "ON c.empresa_id = r.empresa_id AND c.id = r.chamado_id ORDER BY r.data_criacao, r.id"
    )
    chamados = sa.table(
        "chamados",
        *(
            sa.column(name)
            for name in (
                "id", "empresa_id", "user_id", "canal", "cliente_id", "intencao", "prioridade",
                "confianca", "triagem_backend", "encaminhado_para_humano", "data_criacao",
            )
        ),
    )  # fmt: skip
    eventos = sa.table(
        "chamado_eventos",
        *(
            sa.column(name)
            for name in ("empresa_id", "chamado_id", "tipo", "usuario_id", "dados", "data_criacao")
        ),
    )
    c = chamados.c
    json_object = (
        sa.func.json_object if op.get_bind().dialect.name == "sqlite" else sa.func.json_build_object
    )
    criado = json_object("canal", c.canal, "cliente_id", c.cliente_id)
    triado = json_object(
        "intencao", c.intencao, "prioridade", c.prioridade, "confianca", c.confianca,
        "backend", c.triagem_backend, "encaminhado_para_humano", c.encaminhado_para_humano,
    )  # fmt: skip
    for tipo, usuario, dados in (("criado", c.user_id, criado), ("triado", sa.null(), triado)):
        linhas = sa.select(
            c.empresa_id, c.id, sa.literal(tipo), usuario, dados, c.data_criacao
        ).order_by(c.id)
        op.execute(eventos.insert().from_select(list(eventos.c), linhas))
    # Resolved before this version: the window counts from the last change.
    op.execute("UPDATE chamados SET data_resolucao = data_atualizacao WHERE status = 'resolvido'")


def downgrade() -> None:
    bind = op.get_bind()
    # The old schema holds only openings, automatic answers and public operator replies.
    sem_lugar = bind.scalar(
        sa.text(
            "SELECT count(*) FROM mensagens m JOIN chamados c "
            "ON c.empresa_id = m.empresa_id AND c.id = m.chamado_id "
            "WHERE m.interna OR m.autor_tipo = 'sistema' "
            "OR (m.autor_tipo = 'cliente' AND m.data_criacao > c.data_criacao)"
        )
    )
    novos_status = bind.scalar(
        sa.text(
            "SELECT count(*) FROM chamados "
            "WHERE status NOT IN ('aberto', 'resolvido', 'encaminhado')"
        )
    )
    if sem_lugar or novos_status:
        raise RuntimeError(
            "Não é possível voltar para antes das conversas: há mensagens de clientes, notas "
            "internas ou status novos que o esquema antigo não guarda."
        )
    op.create_table(
        "respostas",
        sa.Column("id", BigId, nullable=False),
        sa.Column("chamado_id", BigId, nullable=False),
        sa.Column("autor_id", sa.Integer(), nullable=True),
        sa.Column("mensagem", sa.Text(), nullable=False),
        sa.Column("data_criacao", Timestamp, nullable=False),
        sa.Column("empresa_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["autor_id"],
            ["usuarios.id"],
            name="fk_respostas_autor_id_usuarios",
            ondelete="SET NULL",
        ),
        _empresa_fk("respostas"),
        _chamado_fk("respostas"),
        sa.PrimaryKeyConstraint("id", name="pk_respostas"),
    )
    op.create_index(
        "ix_respostas_chamado", "respostas", ["empresa_id", "chamado_id", "data_criacao", "id"]
    )
    op.execute(
        "INSERT INTO respostas (empresa_id, chamado_id, autor_id, mensagem, data_criacao) "
        "SELECT empresa_id, chamado_id, autor_id, mensagem, data_criacao FROM mensagens "
        "WHERE autor_tipo = 'atendente' AND NOT interna ORDER BY data_criacao, id"
    )
    op.drop_index("ix_chamado_eventos_chamado", table_name="chamado_eventos")
    op.drop_table("chamado_eventos")
    op.drop_index("ix_mensagens_chamado", table_name="mensagens")
    op.drop_table("mensagens")
    with op.batch_alter_table("chamados") as batch:
        batch.drop_constraint(op.f("ck_chamados_status"), type_="check")
        batch.create_check_constraint("status", STATUS_V1)
        batch.drop_constraint("fk_chamados_origem_empresa", type_="foreignkey")
        batch.drop_column("chamado_origem_id")
        batch.drop_column("data_resolucao")
    op.drop_column("empresas", "janela_reabertura_dias")
