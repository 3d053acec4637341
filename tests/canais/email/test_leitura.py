"""What is read from an e-mail: the customer's words without the quoted history, HTML-only
mail, the conversation it answers, and whether a machine wrote it."""

from email.message import EmailMessage

import pytest

from src.canais.email import leitura


def _bruto(**cabecalhos) -> EmailMessage:
    email = EmailMessage()
    email["From"] = cabecalhos.pop("de", "Ana <Ana.Lima@Exemplo.com.br>")
    email["Subject"] = cabecalhos.pop("assunto", "Ajuda")
    email["Message-ID"] = "<m1@exemplo.com.br>"
    for nome, valor in cabecalhos.items():
        email[nome.replace("_", "-")] = valor
    return email


@pytest.mark.parametrize(
    "texto",
    [
        "Continua sem sinal.\n\nEm seg., 30 de nov. de 2026 às 10:00, Suporte escreveu:\n> antigo",
        "Continua sem sinal.\n\nOn Mon, Nov 30, 2026 at 10:00 AM Suporte wrote:\n> antigo",
        "Continua sem sinal.\n\n-----Mensagem original-----\nDe: Suporte\nantigo",
        "Continua sem sinal.\n\n________________________________\nDe: Suporte\nEnviado: hoje",
        "Continua sem sinal.\n-- \nAna Lima\nGerente",
        "> antigo citado no topo\nContinua sem sinal.",
    ],
)
def test_the_quoted_history_and_the_signature_are_left_out(texto):
    email = _bruto()
    email.set_content(texto)
    lido = leitura.ler(bytes(email))
    assert lido.texto == "Continua sem sinal."
    assert lido.original.startswith(texto.split("\n")[0])


def test_html_only_mail_is_read_as_text_without_the_quoted_part():
    email = _bruto()
    email.set_content(
        "<p>Olá,&nbsp;<b>minha fatura</b> veio errada</p><style>p{color:red}</style>"
        '<div class="gmail_quote"><blockquote>mensagem antiga</blockquote></div>',
        subtype="html",
    )
    lido = leitura.ler(bytes(email))
    assert lido.texto == "Olá, minha fatura veio errada"


def test_sender_references_and_subject_tag():
    email = _bruto(
        assunto="Re: Boleto [#42]",
        In_Reply_To="<nossa.1@minhaempresa.com.br>",
        References="<primeira@exemplo.com.br> <nossa.1@minhaempresa.com.br>",
    )
    email.set_content("obrigada")
    lido = leitura.ler(bytes(email))
    assert (lido.remetente, lido.remetente_original, lido.nome) == (
        "ana.lima@exemplo.com.br",
        "Ana.Lima@Exemplo.com.br",
        "Ana",
    )
    assert lido.responde_a == ("<nossa.1@minhaempresa.com.br>", "<primeira@exemplo.com.br>")
    assert lido.chamado_no_assunto == 42
    assert not lido.automatico


@pytest.mark.parametrize(
    "cabecalhos",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Auto_Submitted": "auto-generated"},
        {"Precedence": "bulk"},
        {"X_Autoreply": "yes"},
        {"List_Id": "<novidades.loja.com.br>"},
        {"de": "MAILER-DAEMON@mx.exemplo.com.br"},
        {"de": "no-reply@banco.com.br"},
    ],
)
def test_machines_are_recognised(cabecalhos):
    email = _bruto(**cabecalhos)
    email.set_content("mensagem automática")
    assert leitura.ler(bytes(email)).automatico
