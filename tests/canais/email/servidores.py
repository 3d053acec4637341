"""Real mail servers on loopback for the e-mail channel: Dovecot (IMAP, Debian's
dovecot-imapd, run with a throwaway configuration) and aiosmtpd (SMTP)."""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
SENHA = "senha-da-caixa-123"

CONFIG = """
protocols = imap
listen = 127.0.0.1
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {usuario}
default_login_user = {usuario}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = static
  args = password={senha}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={dir}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {porta}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def porta_livre() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Dovecot:
    """Any user name logs in with SENHA and gets its own empty mailbox."""

    porta: int
    processo: subprocess.Popen

    def entregar(self, usuario: str, bruto: bytes) -> None:
        """A message arrives in the mailbox (IMAP APPEND, as a delivery agent would)."""
        cliente = imaplib.IMAP4("127.0.0.1", self.porta)
        try:
            cliente.login(usuario, SENHA)
            cliente.append("INBOX", None, None, bruto)
        finally:
            cliente.logout()


def iniciar_dovecot(diretorio: Path) -> Dovecot:
    diretorio.mkdir(parents=True, exist_ok=True)
    (diretorio / "home").mkdir(exist_ok=True)
    porta = porta_livre()
    # Dovecot drops privileges to the mail user: a directory it can write as that user.
    usuario = "dovecot" if os.geteuid() == 0 else pwd.getpwuid(os.getuid()).pw_name
    registro = pwd.getpwnam(usuario)
    uid, gid = registro.pw_uid, registro.pw_gid
    configuracao = diretorio / "dovecot.conf"
    configuracao.write_text(
        CONFIG.format(dir=diretorio, porta=porta, senha=SENHA, uid=uid, gid=gid, usuario=usuario)
    )
    if os.geteuid() == 0:
        shutil.chown(diretorio / "home", uid, gid)
        os.chmod(diretorio, 0o755)  # noqa: S103 - the mail user must reach its home
    processo = subprocess.Popen(  # noqa: S603
        [DOVECOT, "-F", "-c", str(configuracao)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    prazo = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", porta), timeout=1).close()
            return Dovecot(porta, processo)
        except OSError:
            if processo.poll() is not None or time.monotonic() > prazo:
                arquivo = diretorio / "dovecot.log"
                log = arquivo.read_text() if arquivo.exists() else ""
                raise RuntimeError(f"o Dovecot não subiu: {log[-500:]}") from None
            time.sleep(0.1)


@dataclass
class CaixaDeSaida:
    """What the SMTP server received."""

    mensagens: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        mensagem = message_from_bytes(envelope.content, policy=policy.default)
        mensagem["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.mensagens.append(mensagem)
        return "250 OK"


def iniciar_smtp() -> tuple[Controller, CaixaDeSaida]:
    caixa = CaixaDeSaida()
    controller = Controller(caixa, hostname="127.0.0.1", port=porta_livre())
    controller.start()
    return controller, caixa
