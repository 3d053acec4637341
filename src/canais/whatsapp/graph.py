"""Sending through WhatsApp's Cloud API: `POST {base}/{phone_number_id}/messages`.

Translates an outbox row into the Graph API's request and its answer into a `Resultado`:
accepted (the `wamid`), refused for good (4xx: the error Meta gives, in its words), worth
retrying (429, 5xx, nothing reached it), or unknown (the request left and no answer came).
"""

import logging

import httpx2

from src.canais.envios import ORIGEM, Resultado
from src.core import segredos
from src.core.config import Settings
from src.core.http_externo import DestinoProibidoError
from src.models import ContaCanal, EnvioCanal

logger = logging.getLogger(__name__)

# Meta's codes that waiting cannot fix are 4xx; these 4xx are about pace, not the message.
LIMITE_DE_TAXA = {4, 80007, 130429, 131048, 131056}


def corpo(envio: EnvioCanal) -> dict:
    """The Graph API's message for the row's content (`{"tipo": "texto", "texto": ...}`)."""
    conteudo = envio.conteudo
    mensagem: dict = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": envio.destino,
        # Comes back in every status callback of this message: how a send whose answer was
        # lost is recognised (src/canais/envios.py).
        "biz_opaque_callback_data": f"{ORIGEM}{envio.id}",
    }
    if conteudo.get("tipo") == "interativo":
        mensagem |= {"type": "interactive", "interactive": conteudo["interactive"]}
    elif conteudo.get("tipo") == "modelo":
        mensagem |= {"type": "template", "template": conteudo["template"]}
    else:
        mensagem |= {"type": "text", "text": {"preview_url": False, "body": conteudo["texto"]}}
    return mensagem


class AdaptadorWhatsApp:
    def __init__(self, settings: Settings, http: httpx2.AsyncClient) -> None:
        self.settings = settings
        self.http = http

    async def __call__(self, canal: ContaCanal, envio: EnvioCanal) -> Resultado:
        base = str(canal.config.get("api_base_url") or self.settings.whatsapp_api_url)
        token = segredos.decifrar(self.settings, canal.segredos)["access_token"]
        url = f"{base.rstrip('/')}/{canal.config['phone_number_id']}/messages"
        try:
            resposta = await self.http.post(
                url, json=corpo(envio), headers={"Authorization": f"Bearer {token}"}
            )
        except DestinoProibidoError as error:
            return Resultado(erro=str(error), definitivo=True)
        except (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout) as error:
            return Resultado(erro=f"provedor inacessível: {error}")  # nothing was sent
        except httpx2.TransportError as error:  # sent, then nothing: it may have gone out
            return Resultado(erro=f"sem resposta do provedor: {type(error).__name__}", incerto=True)
        return _resultado(resposta)


def _resultado(resposta: httpx2.Response) -> Resultado:
    try:
        dados = resposta.json()
    except ValueError:
        dados = {}
    if resposta.is_success:
        mensagens = dados.get("messages") if isinstance(dados, dict) else None
        if mensagens and isinstance(mensagens[0], dict) and mensagens[0].get("id"):
            return Resultado(id_externo=str(mensagens[0]["id"])[:255])
        # 2xx without an id: it took something we cannot follow; do not send it twice.
        return Resultado(erro="resposta do provedor sem id da mensagem", definitivo=True)
    erro = dados.get("error") if isinstance(dados, dict) else None
    erro = erro if isinstance(erro, dict) else {}
    descricao = str(erro.get("message") or resposta.reason_phrase or resposta.status_code)
    texto = f"WhatsApp {resposta.status_code}: {descricao}"
    if resposta.status_code == 429 or resposta.status_code >= 500:
        return Resultado(erro=texto)
    if erro.get("code") in LIMITE_DE_TAXA:
        return Resultado(erro=texto)
    return Resultado(erro=texto, definitivo=True)
