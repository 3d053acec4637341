"""usuarios: token version, case-insensitive unique usernames and e-mails

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CASE_DUPLICATES = """
SELECT lower({column}) FROM usuarios GROUP BY lower({column}) HAVING COUNT(*) > 1
"""


def _refuse_case_duplicates(connection: sa.Connection) -> None:
    # Merging two accounts is a decision for a person, never for a migration.
    for column in ("username", "email"):
        clashes = connection.execute(sa.text(CASE_DUPLICATES.format(column=column))).scalars()
        names = sorted(clashes)
        if names:
            raise RuntimeError(
                f"Há contas cujo {column} só difere em maiúsculas/minúsculas: "
                f"{', '.join(names)}. Renomeie ou desative as duplicadas e rode a migração de novo."
            )


def upgrade() -> None:
    connection = op.get_bind()
    _refuse_case_duplicates(connection)
    op.add_column("usuarios", sa.Column("versao_token", sa.String(length=32), nullable=True))
    # Every existing token dies with the upgrade: none of them carries a version.
    ids = connection.execute(sa.text("SELECT id FROM usuarios")).scalars().all()
    for usuario_id in ids:
        connection.execute(
            sa.text("UPDATE usuarios SET versao_token = :versao WHERE id = :id"),
            {"versao": secrets.token_hex(16), "id": usuario_id},
        )
    with op.batch_alter_table("usuarios") as batch:
        batch.alter_column("versao_token", existing_type=sa.String(length=32), nullable=False)
    op.create_index(
        "uq_usuarios_username_lower", "usuarios", [sa.text("lower(username)")], unique=True
    )
    op.create_index("uq_usuarios_email_lower", "usuarios", [sa.text("lower(email)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_usuarios_email_lower", table_name="usuarios")
    op.drop_index("uq_usuarios_username_lower", table_name="usuarios")
    with op.batch_alter_table("usuarios") as batch:
        batch.drop_column("versao_token")
