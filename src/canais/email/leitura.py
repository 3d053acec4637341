"""Reading an inbound e-mail: who wrote, what they wrote (without the quoted history and the
signature, the original kept too), which conversation it answers, what it carries, and
whether it is a machine talking (an auto-reply or a bounce must never get an answer back).
"""

import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from src.canais.email.html import texto_do_html

MAX_TEXTO = 20_000
ID_NO_ASSUNTO = re.compile(r"\[#(\d{1,18})\]")
MESSAGE_ID = re.compile(r"<[^<>\s]{1,500}>")
# Where a reply starts quoting the message it answers, in the clients Brazilians use.
INICIO_DA_CITACAO = re.compile(
    r"^\s*(?:"
    r"Em .{1,200}escreveu:\s*$"
    r"|On .{1,200}wrote:\s*$"
    r"|-{2,}\s*(?:Mensagem original|Original Message)\s*-{2,}"
    r"|_{10,}\s*$"
    r"|(?:De|From):\s.+$"
    r")",
    re.IGNORECASE | re.MULTILINE,
)
ASSINATURA = re.compile(r"^-- ?$", re.MULTILINE)  # the standard "-- " separator
PRECEDENCIAS_AUTOMATICAS = {"bulk", "junk", "list", "auto_reply"}
ROBOS = re.compile(r"^(?:mailer-daemon|postmaster|no-?reply|nao-?responda)@", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Anexo:
    nome: str
    tipo: str
    conteudo: bytes


@dataclass(frozen=True, slots=True)
class EmailRecebido:
    message_id: str
    remetente: str  # the address, lower-case
    remetente_original: str  # as it was written (customers may have been saved that way)
    nome: str
    assunto: str
    texto: str  # what the customer wrote now
    original: str  # the whole text part, quotes and all
    responde_a: tuple[str, ...]  # In-Reply-To first, then References, newest first
    automatico: bool
    anexos: tuple[Anexo, ...] = field(default=())

    @property
    def chamado_no_assunto(self) -> int | None:
        achado = ID_NO_ASSUNTO.search(self.assunto)
        return int(achado.group(1)) if achado else None


def ler(bruto: bytes) -> EmailRecebido:
    mensagem = BytesParser(policy=policy.default).parsebytes(bruto)
    nome, endereco = _remetente(mensagem)
    original = _texto(mensagem)
    return EmailRecebido(
        message_id=_message_id(mensagem),
        remetente=endereco.lower(),
        remetente_original=endereco,
        nome=nome,
        assunto=str(mensagem.get("Subject", "") or "").strip()[:300],
        texto=(sem_citacao(original) or original.strip() or "[e-mail sem texto]")[:MAX_TEXTO],
        original=original[: MAX_TEXTO * 5],
        responde_a=_referencias(mensagem),
        automatico=automatico(mensagem, endereco.lower()),
        anexos=tuple(_anexos(mensagem)),
    )


def _remetente(mensagem: EmailMessage) -> tuple[str, str]:
    enderecos = getaddresses([str(mensagem.get("From", ""))])
    nome, endereco = enderecos[0] if enderecos else ("", "")
    return nome.strip()[:255], endereco.strip()[:255]


def _message_id(mensagem: EmailMessage) -> str:
    achado = MESSAGE_ID.search(str(mensagem.get("Message-ID", "")))
    return achado.group(0) if achado else ""


def _referencias(mensagem: EmailMessage) -> tuple[str, ...]:
    responde = MESSAGE_ID.findall(str(mensagem.get("In-Reply-To", "")))
    referencias = MESSAGE_ID.findall(str(mensagem.get("References", "")))
    vistos: dict[str, None] = {}
    for message_id in [*responde, *reversed(referencias)]:
        vistos.setdefault(message_id, None)
    return tuple(vistos)[:50]


def automatico(mensagem: EmailMessage, remetente: str) -> bool:
    """RFC 3834's Auto-Submitted, the headers of vacation replies and lists, bounces."""
    if str(mensagem.get("Auto-Submitted", "no")).strip().lower() != "no":
        return True
    if str(mensagem.get("Precedence", "")).strip().lower() in {
        "bulk",
        "junk",
        "list",
        "auto_reply",
    }:
        return True
    if mensagem.get("X-Autoreply") or mensagem.get("X-Autorespond") or mensagem.get("List-Id"):
        return True
    if mensagem.get_content_type() == "multipart/report":  # delivery status notifications
        return True
    return not remetente or bool(ROBOS.match(remetente))


def _texto(mensagem: EmailMessage) -> str:
    parte = mensagem.get_body(preferencelist=("plain", "html"))
    if parte is None:
        return ""
    try:
        conteudo = parte.get_content()
    except (LookupError, ValueError):  # an unknown charset: read what can be read
        conteudo = (parte.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if parte.get_content_type() == "text/html":
        conteudo = texto_do_html(conteudo)
    return conteudo.replace("\r\n", "\n").strip()


def sem_citacao(texto: str) -> str:
    """What the customer wrote now: before the quoted message, without "> " lines and
    without the signature."""
    inicio = INICIO_DA_CITACAO.search(texto)
    if inicio:
        texto = texto[: inicio.start()]
    assinatura = ASSINATURA.search(texto)
    if assinatura:
        texto = texto[: assinatura.start()]
    linhas = [linha for linha in texto.splitlines() if not linha.lstrip().startswith(">")]
    return "\n".join(linhas).strip()


def _anexos(mensagem: EmailMessage):
    for parte in mensagem.iter_attachments():
        conteudo = parte.get_payload(decode=True) or b""
        nome = parte.get_filename() or "anexo"
        yield Anexo(nome=nome.strip()[:255], tipo=parte.get_content_type()[:100], conteudo=conteudo)
