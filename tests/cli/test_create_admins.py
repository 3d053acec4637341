"""`atendimento create-superadmin` and `create-admin --empresa`: the accounts that run the
platform and each empresa, created outside any request."""

import sqlite3

from tests.cli.test_cli_errors import atendimento, one_line

PASSWORD = {"ADMIN_PASSWORD": "senha-do-admin-1"}


def _accounts(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "cli.db") as database:
        return database.execute(
            "SELECT u.username, u.papel, u.superadmin, e.slug FROM usuarios u "
            "JOIN empresas e ON e.id = u.empresa_id ORDER BY u.id"
        ).fetchall()


def test_superadmin_and_empresa_admins_from_the_command_line(tmp_path):
    assert atendimento(tmp_path, "db", "upgrade").returncode == 0
    created = atendimento(
        tmp_path,
        "create-superadmin",
        "--username",
        "raiz",
        "--email",
        "raiz@e.com.br",
        env=PASSWORD,
    )
    assert created.returncode == 0, created.stderr
    assert "Administrador da plataforma 'raiz' criado." in created.stdout
    admin = atendimento(
        tmp_path, "create-admin", "--username", "chefe", "--email", "chefe@e.com.br", env=PASSWORD
    )
    assert admin.returncode == 0, admin.stderr
    assert _accounts(tmp_path) == [("raiz", "admin", 1, "padrao"), ("chefe", "admin", 0, "padrao")]

    unknown = atendimento(
        tmp_path,
        *("create-admin", "--username", "outro", "--email", "o@e.com.br", "--empresa", "nenhuma"),
        env=PASSWORD,
    )
    assert one_line(unknown) == "Erro: Não existe empresa com o slug 'nenhuma'."
    assert len(_accounts(tmp_path)) == 2
