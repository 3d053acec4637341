"""Channel accounts: created by admins, their secrets shown once and stored encrypted."""

from cryptography.fernet import Fernet
from sqlalchemy import select

from src.models import ContaCanal
from tests.canais.whatsapp_fake import ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, config
from tests.factories import signup


async def _criar(client, admin, **extra) -> dict:
    body = {"tipo": "whatsapp", "nome": "WhatsApp do suporte", "config": config(**extra)}
    response = await client.post("/canais/", json=body, headers=admin)
    assert response.status_code == 201, response.text
    return response.json()


async def test_secrets_are_shown_once_and_stored_encrypted(client, db):
    admin = await signup(client, "chefe")
    criado = await _criar(client, admin)
    assert criado["segredos"] == {
        "verify_token": VERIFY_TOKEN,
        "app_secret": APP_SECRET,
        "access_token": ACCESS_TOKEN,
    }
    assert criado["config"]["phone_number_id"] == "1098765432"
    assert criado["config"]["api_base_url"].startswith("https://graph.facebook.com/v")
    assert (
        criado["webhook_url"] == f"/canais/whatsapp/{criado['webhook_url'].split('/')[3]}/webhook"
    )
    assert len(criado["webhook_url"].split("/")[3]) >= 40

    for response in (
        await client.get(f"/canais/{criado['id']}", headers=admin),
        await client.get("/canais/", headers=admin),
    ):
        assert response.status_code == 200
        for secret in (APP_SECRET, ACCESS_TOKEN, VERIFY_TOKEN):
            assert secret not in response.text
    guardado = await db.scalar(select(ContaCanal.segredos))
    for secret in (APP_SECRET, ACCESS_TOKEN, VERIFY_TOKEN):
        assert secret not in guardado


async def test_rotating_a_secret_keeps_the_others(client):
    admin = await signup(client, "chefe")
    criado = await _criar(client, admin)
    trocado = await client.post(
        f"/canais/{criado['id']}/segredos",
        json={"access_token": "EAAnovo-token-999"},
        headers=admin,
    )
    assert trocado.status_code == 200, trocado.text
    assert trocado.json()["segredos"] == {"access_token": "EAAnovo-token-999"}
    token = criado["webhook_url"].split("/")[3]
    # The verify token was kept: the handshake still answers with it.
    handshake = await client.get(
        f"/canais/whatsapp/{token}/webhook",
        params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "42"},
    )
    assert (handshake.status_code, handshake.text) == (200, "42")


async def test_only_admins_manage_channels_and_bad_input_is_a_clear_422(client):
    admin = await signup(client, "chefe")
    atendente = await signup(client, "ana")
    criado = await _criar(client, admin)
    for method, path, body in (
        ("GET", "/canais/", None),
        ("POST", "/canais/", {"tipo": "whatsapp", "nome": "x", "config": config()}),
        ("PATCH", f"/canais/{criado['id']}", {"nome": "outro"}),
    ):
        response = await client.request(method, path, json=body, headers=atendente)
        assert response.status_code == 403, (method, path)
    for config_ruim in (
        config(phone_number_id="abc"),
        config(app_secret="curto"),
        config(api_base_url="ftp://graph.exemplo.com"),
        {**config(), "extra": "x"},
    ):
        body = {"tipo": "whatsapp", "nome": "x", "config": config_ruim}
        response = await client.post("/canais/", json=body, headers=admin)
        assert response.status_code == 422, config_ruim
        assert response.json()["code"] == "validation_error"
    tipo_ruim = {"tipo": "telegram", "nome": "x", "config": config()}
    assert (await client.post("/canais/", json=tipo_ruim, headers=admin)).status_code == 422
    for path, vazio in (
        (f"/canais/{criado['id']}", {}),
        (f"/canais/{criado['id']}", {"config": {}}),
    ):
        assert (await client.patch(path, json=vazio, headers=admin)).status_code == 422
    segredos = f"/canais/{criado['id']}/segredos"
    assert (await client.post(segredos, json={}, headers=admin)).status_code == 422


async def test_a_deactivated_channel_stops_answering_its_webhook(client):
    admin = await signup(client, "chefe")
    criado = await _criar(client, admin)
    url = criado["webhook_url"]
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "7"}
    assert (await client.get(url, params=params)).status_code == 200
    assert (await client.delete(f"/canais/{criado['id']}", headers=admin)).status_code == 204
    assert (await client.get(url, params=params)).status_code == 404
    listado = (await client.get(f"/canais/{criado['id']}", headers=admin)).json()
    assert listado["ativo"] is False


async def test_secrets_under_a_key_no_longer_configured_are_a_clear_503(client, make_client):
    admin = await signup(client, "chefe")
    criado = await _criar(client, admin)
    outra_chave = await make_client(chave_segredos=Fernet.generate_key().decode())
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"}
    response = await outra_chave.get(criado["webhook_url"], params=params)
    assert response.status_code == 503
    assert response.json()["code"] == "segredo_ilegivel"
    assert "CHAVE_SEGREDOS" in response.json()["detail"]


async def test_fields_of_the_other_kind_of_channel_are_refused_with_409(client):
    admin = await signup(client, "chefe")
    criado = await _criar(client, admin)
    config = await client.patch(
        f"/canais/{criado['id']}", json={"config": {"imap_host": "imap.exemplo.com"}}, headers=admin
    )
    segredo = await client.post(
        f"/canais/{criado['id']}/segredos", json={"imap_senha": "senha-nova-123"}, headers=admin
    )
    for resposta in (config, segredo):
        assert resposta.status_code == 409
        assert resposta.json()["code"] == "campo_de_outro_canal"
