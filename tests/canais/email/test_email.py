"""E-mail in and out against real servers on loopback: Dovecot holds the support mailbox,
aiosmtpd receives what the service sends."""

import hashlib
import hmac
import time
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import select

from src.models import Anexo, Chamado, ContaCanal, Mensagem
from tests.canais.email.servidores import SENHA
from tests.factories import signup

ENDERECO = "suporte@minhaempresa.com.br"
CLIENTE = "maria.souza@exemplo.com.br"


@pytest.fixture
async def canal(client, dovecot, smtp, caixa_imap):
    admin = await signup(client, "chefe")
    config = {
        "endereco": ENDERECO,
        "imap_host": "127.0.0.1",
        "imap_porta": dovecot.porta,
        "imap_tls": False,
        "imap_usuario": caixa_imap,
        "imap_senha": SENHA,
        "smtp_host": "127.0.0.1",
        "smtp_porta": smtp.porta,
        "smtp_seguranca": "nenhuma",
    }
    body = {"tipo": "email", "nome": "Suporte", "config": config}
    criado = await client.post("/canais/", json=body, headers=admin)
    assert criado.status_code == 201, criado.text
    return {"admin": admin, "id": criado.json()["id"], "caixa": caixa_imap, **criado.json()}


def _email(
    texto: str,
    *,
    de: str = CLIENTE,
    assunto: str = "Internet caiu",
    responde_a: str | None = None,
    message_id: str | None = None,
    **cabecalhos: str,
) -> tuple[bytes, str]:
    email = EmailMessage()
    email["From"] = f"Maria Souza <{de}>"
    email["To"] = ENDERECO
    email["Subject"] = assunto
    email["Message-ID"] = message_id or make_msgid(domain="exemplo.com.br")
    if responde_a:
        email["In-Reply-To"] = responde_a
        email["References"] = responde_a
    for nome, valor in cabecalhos.items():
        email[nome.replace("_", "-")] = valor
    email.set_content(texto)
    return bytes(email), email["Message-ID"]


async def _olhar(app, db) -> None:
    """The worker's look at the mailbox is due now, and what it finds is processed."""
    for canal in (await db.scalars(select(ContaCanal))).all():
        canal.estado = {**(canal.estado or {}), "lida_em": None}
    await db.commit()
    await app.state.worker.ler_caixas()
    await app.state.worker.rodada()


async def _comecar(app, db, canal) -> None:
    """The first look only marks where the mailbox is: older mail is never imported."""
    await _olhar(app, db)


async def test_an_email_becomes_a_ticket_and_the_answer_goes_back_threaded(
    app, client, db, dovecot, smtp, canal
):
    antigo, _ = _email("uma mensagem de antes do canal existir")
    dovecot.entregar(canal["caixa"], antigo)
    await _comecar(app, db, canal)
    bruto, message_id = _email("preciso da segunda via do boleto deste mês", assunto="Boleto")
    dovecot.entregar(canal["caixa"], bruto)
    await _olhar(app, db)

    [chamado] = (await db.scalars(select(Chamado))).all()  # the old message was not imported
    assert (chamado.canal, chamado.conta_canal_id) == ("email", canal["id"])
    thread = (await client.get(f"/chamados/{chamado.id}/mensagens", headers=canal["admin"])).json()
    assert thread[0]["id_externo"] == message_id
    assert "segunda via do boleto" in thread[0]["mensagem"]
    assert (thread[1]["autor_tipo"], thread[1]["status_entrega"]) == ("bot", "enviada")

    [enviada] = smtp.mensagens
    assert enviada["To"] == CLIENTE
    assert ENDERECO in enviada["From"]
    assert enviada["Subject"] == f"Re: Boleto [#{chamado.id}]"
    assert enviada["In-Reply-To"] == message_id
    assert message_id in enviada["References"]
    assert enviada["Message-ID"] == thread[1]["id_externo"]
    assert enviada["Auto-Submitted"] == "auto-replied"  # their auto-responder stays quiet
    assert enviada.get_content().strip() == chamado.resposta_automatica.strip()


async def test_a_reply_joins_its_ticket_without_the_quoted_history(
    app, client, db, dovecot, smtp, canal
):
    await _comecar(app, db, canal)
    bruto, _ = _email("minha internet caiu desde ontem", assunto="Sem internet")
    dovecot.entregar(canal["caixa"], bruto)
    await _olhar(app, db)
    [chamado] = (await db.scalars(select(Chamado))).all()
    resposta = await client.post(
        f"/chamados/{chamado.id}/mensagens",
        json={"mensagem": "Pode reiniciar o modem?"},
        headers=canal["admin"],
    )
    assert resposta.status_code == 201, resposta.text
    await app.state.worker.rodada()
    nossa = smtp.mensagens[-1]
    assert nossa.get_content().strip() == "Pode reiniciar o modem?"

    texto = (
        "Reiniciei e continua sem sinal.\n\n--\nMaria\n\n"
        "Em seg., 30 de nov. de 2026 às 10:00, Suporte escreveu:\n> Pode reiniciar o modem?\n"
    )
    bruto, message_id = _email(texto, assunto="Re: Sem internet", responde_a=nossa["Message-ID"])
    dovecot.entregar(canal["caixa"], bruto)
    await _olhar(app, db)

    assert len((await db.scalars(select(Chamado))).all()) == 1
    guardada = await db.scalar(select(Mensagem).where(Mensagem.id_externo == message_id))
    assert guardada.chamado_id == chamado.id
    assert guardada.mensagem == "Reiniciei e continua sem sinal."
    assert "Pode reiniciar o modem?" in guardada.conteudo_original


async def test_the_subject_tag_threads_only_mail_from_that_tickets_customer(
    app, db, dovecot, canal
):
    await _comecar(app, db, canal)
    bruto, _ = _email("minha internet caiu desde ontem", assunto="Sem internet")
    dovecot.entregar(canal["caixa"], bruto)
    await _olhar(app, db)
    [chamado] = (await db.scalars(select(Chamado))).all()

    mesma, _ = _email("voltou a cair agora", assunto=f"Ainda sem internet [#{chamado.id}]")
    estranho, _ = _email(
        "quero ver esse chamado", de="curioso@outro.com.br", assunto=f"Oi [#{chamado.id}]"
    )
    dovecot.entregar(canal["caixa"], mesma)
    dovecot.entregar(canal["caixa"], estranho)
    await _olhar(app, db)

    chamados = (await db.scalars(select(Chamado).order_by(Chamado.id))).all()
    assert len(chamados) == 2  # the stranger's mail opened its own ticket
    assert chamados[1].cliente_id != chamado.cliente_id
    linhas = (await db.scalars(select(Mensagem).where(Mensagem.chamado_id == chamado.id))).all()
    assert any("voltou a cair" in linha.mensagem for linha in linhas)


async def test_auto_replies_and_bounces_never_get_an_answer(app, db, dovecot, smtp, canal):
    await _comecar(app, db, canal)
    ferias, _ = _email("Estou de férias até segunda.", Auto_Submitted="auto-replied")
    devolvido, _ = _email("Delivery failed", de="MAILER-DAEMON@exemplo.com.br")
    lista, _ = _email("Promoção!", Precedence="bulk")
    for bruto in (ferias, devolvido, lista):
        dovecot.entregar(canal["caixa"], bruto)
    await _olhar(app, db)
    assert (await db.scalars(select(Chamado))).all() == []
    assert smtp.mensagens == []


async def test_the_same_email_read_twice_is_stored_once(app, db, dovecot, canal):
    await _comecar(app, db, canal)
    bruto, message_id = _email("preciso da segunda via", message_id="<repetida@exemplo.com.br>")
    dovecot.entregar(canal["caixa"], bruto)
    dovecot.entregar(canal["caixa"], bruto)  # a copy in the same folder
    await _olhar(app, db)
    # The server renumbered the folder: the look starts over from the last day.
    conta = await db.scalar(select(ContaCanal))
    conta.estado = {**conta.estado, "uidvalidity": 1}
    await db.commit()
    await _olhar(app, db)

    guardadas = (await db.scalars(select(Mensagem).where(Mensagem.id_externo == message_id))).all()
    assert len(guardadas) == 1


async def test_attachments_are_recorded_and_kept_up_to_the_cap(app, client, db, dovecot, canal):
    await _comecar(app, db, canal)
    email = EmailMessage()
    email["From"] = CLIENTE
    email["To"] = ENDERECO
    email["Subject"] = "Comprovante"
    email["Message-ID"] = make_msgid()
    email.set_content("segue o comprovante do pagamento")
    email.add_attachment(
        b"%PDF-1.4 pequeno", maintype="application", subtype="pdf", filename="comprovante.pdf"
    )
    email.add_attachment(b"x" * 5000, maintype="image", subtype="png", filename="foto.png")
    pagina = b"<script>alert(1)</script>"
    email.add_attachment(pagina, maintype="text", subtype="html", filename="página.html")
    app.state.worker.settings = app.state.settings.model_copy(update={"anexo_max_bytes": 1000})
    try:
        dovecot.entregar(canal["caixa"], bytes(email))
        await _olhar(app, db)
    finally:
        app.state.worker.settings = app.state.settings

    anexos = {a.nome: a for a in (await db.scalars(select(Anexo))).all()}
    assert anexos["comprovante.pdf"].tipo == "application/pdf"
    assert anexos["comprovante.pdf"].conteudo == b"%PDF-1.4 pequeno"
    assert (anexos["foto.png"].tamanho, anexos["foto.png"].conteudo) == (5000, None)
    [chamado] = (await db.scalars(select(Chamado))).all()
    thread = (await client.get(f"/chamados/{chamado.id}/mensagens", headers=canal["admin"])).json()
    vistos = {a["nome"]: (a["tipo"], a["tamanho"], a["guardado"]) for a in thread[0]["anexos"]}
    assert vistos == {
        "comprovante.pdf": ("application/pdf", 16, True),
        "foto.png": ("image/png", 5000, False),
        "página.html": ("text/html", 25, True),
    }
    assert thread[0]["assunto"] == "Comprovante"

    url = f"/chamados/{chamado.id}/anexos/{{}}"
    pdf = await client.get(url.format(anexos["comprovante.pdf"].id), headers=canal["admin"])
    assert (pdf.status_code, pdf.content) == (200, b"%PDF-1.4 pequeno")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    html = await client.get(url.format(anexos["página.html"].id), headers=canal["admin"])
    assert html.headers["content-type"] == "application/octet-stream"  # never rendered here
    assert "p%C3%A1gina.html" in html.headers["content-disposition"]
    grande = await client.get(url.format(anexos["foto.png"].id), headers=canal["admin"])
    assert (grande.status_code, grande.json()["code"]) == (404, "anexo_nao_guardado")
    outro = await client.get(
        f"/chamados/{chamado.id + 1}/anexos/{anexos['comprovante.pdf'].id}", headers=canal["admin"]
    )
    assert outro.status_code == 404


async def test_a_mailbox_that_refuses_the_login_keeps_the_error_and_loses_nothing(
    app, client, db, dovecot, canal
):
    await _comecar(app, db, canal)
    bruto, message_id = _email("preciso da segunda via do boleto")
    dovecot.entregar(canal["caixa"], bruto)
    url = f"/canais/{canal['id']}/segredos"
    errada = await client.post(url, json={"imap_senha": "senha-errada-123"}, headers=canal["admin"])
    assert errada.status_code == 200, errada.text
    await _olhar(app, db)
    conta = await db.scalar(select(ContaCanal))
    await db.refresh(conta)
    assert conta.estado["erro"]
    assert (await db.scalars(select(Chamado))).all() == []

    await client.post(url, json={"imap_senha": SENHA}, headers=canal["admin"])
    await _olhar(app, db)
    await db.refresh(conta)
    assert conta.estado["erro"] is None
    assert await db.scalar(select(Mensagem).where(Mensagem.id_externo == message_id))


async def _canal_por_webhook(client, smtp, **entrada) -> dict:
    admin = await signup(client, "chefe")
    config = {
        "endereco": ENDERECO,
        "smtp_host": "127.0.0.1",
        "smtp_porta": smtp.porta,
        "smtp_seguranca": "nenhuma",
        **entrada,
    }
    criado = await client.post(
        "/canais/", json={"tipo": "email", "nome": "Suporte", "config": config}, headers=admin
    )
    assert criado.status_code == 201, criado.text
    return {"admin": admin, **criado.json()}


def _mailgun(chave: str, bruto: bytes, quando: int | None = None) -> dict:
    timestamp = str(quando or int(time.time()))
    token = "f" * 50
    assinatura = hmac.new(chave.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return {
        "timestamp": timestamp,
        "token": token,
        "signature": assinatura.hexdigest(),
        "body-mime": bruto.decode(),
        "recipient": ENDERECO,
    }


async def test_mail_posted_by_mailgun_becomes_a_ticket_only_when_signed(app, client, db, smtp):
    chave = "chave-de-assinatura-mailgun-123"
    canal = await _canal_por_webhook(
        client, smtp, provedor_entrada="mailgun", mailgun_signing_key=chave
    )
    bruto, message_id = _email("preciso da segunda via do boleto", assunto="Boleto")
    for ruim in (
        _mailgun("outra-chave-qualquer-123", bruto),
        _mailgun(chave, bruto, quando=1_700_000_000),  # a replay from long ago
        {"body-mime": bruto.decode()},
    ):
        resposta = await client.post(canal["webhook_url"], data=ruim)
        assert resposta.status_code == 401, ruim.keys()
    resposta = await client.post(canal["webhook_url"], data=_mailgun(chave, bruto))
    assert resposta.status_code == 200, resposta.text
    await app.state.worker.rodada()

    [chamado] = (await db.scalars(select(Chamado))).all()
    guardada = await db.scalar(select(Mensagem).where(Mensagem.id_externo == message_id))
    assert guardada.chamado_id == chamado.id
    assert smtp.mensagens[0]["In-Reply-To"] == message_id


async def test_sendgrid_inbound_parse_is_taken_by_its_unguessable_address(app, client, db, smtp):
    canal = await _canal_por_webhook(client, smtp, provedor_entrada="sendgrid")
    bruto, message_id = _email("minha internet caiu")
    resposta = await client.post(canal["webhook_url"], data={"email": bruto.decode()})
    assert resposta.status_code == 200, resposta.text
    vazio = await client.post(canal["webhook_url"], data={"to": ENDERECO})
    assert (vazio.status_code, vazio.json()["code"]) == (400, "email_ausente")
    estranho = await client.post("/canais/email/" + "x" * 43 + "/entrada", data={"email": "x"})
    assert estranho.status_code == 404
    await app.state.worker.rodada()
    assert await db.scalar(select(Mensagem).where(Mensagem.id_externo == message_id))
