"""Sending an answer by e-mail over SMTP (aiosmtplib): an outbox row becomes a message with our
own Message-ID and the conversation's In-Reply-To/References, so the customer's mail client
threads it, and with the `[#<id>]` tag in the subject.

SMTP has no status callbacks: a send whose answer was lost is sent again after the grace
period with the same Message-ID, which mail clients and servers take as the same message.
"""

import logging
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from src.canais.envios import Resultado
from src.core import segredos
from src.core.config import Settings
from src.core.http_externo import DestinoProibidoError, resolver_conferido
from src.models import ContaCanal, EnvioCanal

logger = logging.getLogger(__name__)

TIMEOUT = 30.0


def mensagem(canal: ContaCanal, envio: EnvioCanal) -> EmailMessage:
    conteudo = envio.conteudo
    email = EmailMessage()
    email["From"] = Address(display_name=canal.nome, addr_spec=canal.config["endereco"])
    email["To"] = envio.destino
    email["Subject"] = conteudo["assunto"]
    email["Message-ID"] = conteudo["message_id"]
    email["Date"] = formatdate(localtime=False)
    if conteudo.get("in_reply_to"):
        email["In-Reply-To"] = conteudo["in_reply_to"]
    if conteudo.get("references"):
        email["References"] = " ".join(conteudo["references"])
    if conteudo.get("automatica"):
        # RFC 3834: the customer's own auto-responder must not answer an automatic answer.
        email["Auto-Submitted"] = "auto-replied"
    email.set_content(conteudo["texto"])
    return email


class AdaptadorEmail:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def __call__(self, canal: ContaCanal, envio: EnvioCanal) -> Resultado:
        config = canal.config
        senha = segredos.decifrar(self.settings, canal.segredos).get("smtp_senha")
        seguranca = config.get("smtp_seguranca", "starttls")
        try:
            await resolver_conferido(
                config["smtp_host"],
                int(config["smtp_porta"]),
                self.settings.permitir_destinos_privados,
            )
            await aiosmtplib.send(
                mensagem(canal, envio),
                hostname=config["smtp_host"],
                port=int(config["smtp_porta"]),
                username=config.get("smtp_usuario") or None,
                password=senha if config.get("smtp_usuario") else None,
                use_tls=seguranca == "tls",
                start_tls=seguranca == "starttls",
                timeout=TIMEOUT,
            )
        except DestinoProibidoError as error:
            return Resultado(erro=str(error), definitivo=True)
        except aiosmtplib.SMTPRecipientsRefused as error:
            return Resultado(erro=f"destinatário recusado: {error}", definitivo=True)
        except aiosmtplib.SMTPResponseException as error:
            texto = f"SMTP {error.code}: {error.message}"[:500]
            # 5xx is the server's final word; 4xx asks to try again later.
            return Resultado(erro=texto, definitivo=500 <= error.code < 600)
        except (aiosmtplib.SMTPConnectError, OSError) as error:
            return Resultado(erro=f"servidor SMTP inacessível: {error}")  # nothing was sent
        except aiosmtplib.SMTPException as error:  # timeouts, a dropped connection midway
            return Resultado(erro=f"SMTP sem resposta: {error}", incerto=True)
        return Resultado(id_externo=envio.conteudo["message_id"])
