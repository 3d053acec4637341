"""Account rules without HTTP, on a session rolled back after each test."""

import pytest

from src.auth import service as auth_service
from src.auth.exceptions import EmailTakenError, UsernameTakenError
from src.auth.schemas import SignupRequest
from src.models import Papel
from src.usuarios import service
from src.usuarios.exceptions import LastAdminError, LastSuperadminError, SuperadminOnlyError
from src.usuarios.schemas import UsuarioUpdate


def _dados(username: str) -> SignupRequest:
    return SignupRequest(
        username=username, email=f"{username}@empresa.com.br", password="senha-forte-123"
    )


async def test_the_first_account_is_admin_and_names_ignore_case(session):
    chefe = await auth_service.create_usuario(session, _dados("chefe"))
    ana = await auth_service.create_usuario(session, _dados("ana"))
    assert (chefe.papel, ana.papel) == (Papel.ADMIN, Papel.ATENDENTE)
    with pytest.raises(UsernameTakenError):
        await auth_service.create_usuario(session, _dados("ANA"))
    duplicate_email = SignupRequest(
        username="outra", email="Ana@Empresa.com.br", password="senha-forte-123"
    )
    with pytest.raises(EmailTakenError):
        await auth_service.create_usuario(session, duplicate_email)


async def test_the_last_admin_cannot_be_demoted_and_deactivation_rotates_the_token_version(
    session,
):
    chefe = await auth_service.create_usuario(session, _dados("chefe"))
    ana = await auth_service.create_usuario(session, _dados("ana"))
    with pytest.raises(LastAdminError):
        await service.update_usuario(
            session, chefe.id, UsuarioUpdate(papel=Papel.ATENDENTE), actor=chefe
        )
    before = ana.versao_token
    await service.update_usuario(session, ana.id, UsuarioUpdate(ativo=False), actor=chefe)
    assert ana.versao_token != before


async def test_the_platform_administrator_answers_only_to_a_platform_administrator(session):
    dono = await auth_service.create_usuario(session, _dados("dono"))  # first: superadmin
    chefe = await auth_service.create_usuario(session, _dados("chefe"), Papel.ADMIN)
    assert (dono.superadmin, chefe.superadmin) == (True, False)
    # Another admin of the default empresa can neither demote nor deactivate it...
    for change in (UsuarioUpdate(papel=Papel.ATENDENTE), UsuarioUpdate(ativo=False)):
        with pytest.raises(SuperadminOnlyError):
            await service.update_usuario(session, dono.id, change, actor=chefe)
    # ...and it cannot leave the platform without an administrator either.
    with pytest.raises(LastSuperadminError):
        await service.update_usuario(session, dono.id, UsuarioUpdate(ativo=False), actor=dono)
    assert (dono.papel, dono.ativo) == (Papel.ADMIN, True)
