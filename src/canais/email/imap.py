"""Reading a mailbox over IMAP (aioimaplib): the messages that arrived since the last look.

Resumes from the last UID seen, as long as the folder's UIDVALIDITY is the one that UID
belongs to. A new mailbox starts at the messages that arrive from now on (a support address
with years of history is not imported on day one). When the server renumbers the folder (a
new UIDVALIDITY), the messages since the last look are read again by date; the ones already
stored are recognised by their Message-ID downstream.
"""

import contextlib
import re
import ssl
from dataclasses import dataclass
from datetime import datetime

from aioimaplib import IMAP4, IMAP4_SSL

LOTE = 100  # messages per look: a full mailbox empties over a few rounds
TIMEOUT = 20.0
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")
_UIDNEXT = re.compile(rb"UIDNEXT (\d+)")
_UID = re.compile(rb"UID (\d+)")


class ImapError(Exception):
    """The server refused or failed: the look is tried again on the next round."""


@dataclass(frozen=True, slots=True)
class Caixa:
    host: str
    porta: int
    tls: bool
    usuario: str
    senha: str
    pasta: str = "INBOX"


@dataclass(frozen=True, slots=True)
class Leitura:
    uidvalidity: int
    ultimo_uid: int
    mensagens: list[tuple[int, bytes]]  # (uid, the raw message), oldest first


def _checar(resposta, o_que: str) -> None:
    if resposta.result != "OK":
        detalhe = b" ".join(linha for linha in resposta.lines if isinstance(linha, bytes))
        raise ImapError(f"{o_que}: {resposta.result} {detalhe.decode(errors='replace')[:200]}")


def _numero(padrao: re.Pattern, linhas) -> int | None:
    for linha in linhas:
        if isinstance(linha, bytes) and (achado := padrao.search(linha)):
            return int(achado.group(1))
    return None


async def ler_novas(
    caixa: Caixa, uidvalidity: int | None, ultimo_uid: int | None, desde: datetime | None
) -> Leitura:
    cliente = (
        IMAP4_SSL(
            caixa.host, caixa.porta, timeout=TIMEOUT, ssl_context=ssl.create_default_context()
        )
        if caixa.tls
        else IMAP4(caixa.host, caixa.porta, timeout=TIMEOUT)
    )
    await cliente.wait_hello_from_server()
    try:
        _checar(await cliente.login(caixa.usuario, caixa.senha), "login")
        selecao = await cliente.select(caixa.pasta)
        _checar(selecao, f"pasta {caixa.pasta}")
        validade = _numero(_UIDVALIDITY, selecao.lines) or 0
        if ultimo_uid is None:  # a new mailbox: from the next message on
            proximo = _numero(_UIDNEXT, selecao.lines) or 1
            return Leitura(validade, proximo - 1, [])
        if uidvalidity != validade:
            criterio = ("SINCE", desde.strftime("%d-%b-%Y")) if desde else ("ALL",)
            ultimo_uid = 0
        else:
            criterio = ("UID", f"{ultimo_uid + 1}:*")
        busca = await cliente.uid_search(*criterio)
        _checar(busca, "busca")
        uids = sorted(
            int(uid) for uid in busca.lines[0].split() if uid.isdigit() and int(uid) > ultimo_uid
        )[:LOTE]
        mensagens = [(uid, await _baixar(cliente, uid)) for uid in uids]
        return Leitura(validade, max(uids, default=ultimo_uid), mensagens)
    finally:
        # The look is done; a rude goodbye from the server changes nothing.
        with contextlib.suppress(Exception):
            await cliente.logout()


async def _baixar(cliente, uid: int) -> bytes:
    resposta = await cliente.uid("fetch", str(uid), "(BODY.PEEK[])")
    _checar(resposta, f"mensagem {uid}")
    # aioimaplib gives the literal (the message itself) as a bytearray line of its own.
    for linha in resposta.lines:
        if isinstance(linha, bytearray):
            return bytes(linha)
    raise ImapError(f"mensagem {uid} sem conteúdo")
