"""What Meta sends: signed webhook deliveries of the WhatsApp Cloud API, built as its docs show."""

import hashlib
import hmac
import json
import time

APP_SECRET = "segredo-do-app-meta-123"
VERIFY_TOKEN = "verifica-isto-123"
ACCESS_TOKEN = "EAAtoken-de-acesso-0123456789"
PHONE_NUMBER_ID = "1098765432"


def config(**extra) -> dict:
    return {
        "phone_number_id": PHONE_NUMBER_ID,
        "verify_token": VERIFY_TOKEN,
        "app_secret": APP_SECRET,
        "access_token": ACCESS_TOKEN,
        **extra,
    }


def assinar(corpo: bytes, segredo: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(segredo.encode(), corpo, hashlib.sha256).hexdigest()


def entrega(*, mensagens=(), statuses=(), contatos=()) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "551130000000", "phone_number_id": PHONE_NUMBER_ID},
    }
    if contatos:
        value["contacts"] = list(contatos)
    if mensagens:
        value["messages"] = list(mensagens)
    if statuses:
        value["statuses"] = list(statuses)
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA_ID", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(payload).encode()


def texto(wamid: str, de: str, corpo: str) -> dict:
    return {
        "from": de,
        "id": wamid,
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": corpo},
    }


def contato(wa_id: str, nome: str) -> dict:
    return {"profile": {"name": nome}, "wa_id": wa_id}


def status(wamid: str, estado: str, **extra) -> dict:
    return {
        "id": wamid,
        "status": estado,
        "timestamp": str(int(time.time())),
        "recipient_id": "5511987654321",
        **extra,
    }
