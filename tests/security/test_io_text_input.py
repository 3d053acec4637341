"""Text shown to operators cannot carry controls or bidi tricks, and the OpenAPI document says
exactly what the validators accept (so clients and schema fuzzers see the real rules)."""

import re

import pytest

from src.chamados.exceptions import InvalidStatusError
from src.core.types import (
    BIDI_RANGES,
    CONTROL_RANGES,
    LINE_BREAK_RANGES,
    MAX_EMAIL_LENGTH,
    text_pattern,
)
from tests.factories import create_chamado, create_cliente, signup

HOSTILE = {
    "rlo": "fatura\u202efdp.exe",  # right-to-left override: shown as "faturaexe.pdf"
    "lre": "a\u202ab",
    "isolate": "a\u2067b\u2069",
    "c1-nel": "linha\x85forjada",
    "c1-csi": "cor\x9b31m",
    "del": "a\x7fb",
    "esc": "a\x1b[2Jb",
}


@pytest.fixture
async def headers(client):
    return await signup(client)


def _refused(response, campo: str) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["erros"][0]["campo"] == campo


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
async def test_every_operator_visible_text_refuses_bidi_and_c1(client, headers, db, value):
    cliente = await create_cliente(client, headers)
    chamado = await create_chamado(client, headers, cliente["id"])

    _refused(
        await client.post(
            "/clientes/", json={"nome": value, "email": "x@y.com.br"}, headers=headers
        ),
        "nome",
    )
    email = f"{value.replace(' ', '')}@exemplo.com.br"
    _refused(
        await client.post("/clientes/", json={"nome": "Ana", "email": email}, headers=headers),
        "email",
    )
    body = {"cliente_id": cliente["id"], "canal": "site", "mensagem": value}
    _refused(await client.post("/chamados/", json=body, headers=headers), "mensagem")
    respostas = f"/chamados/{chamado['chamado_id']}/respostas"
    _refused(await client.post(respostas, json={"mensagem": value}, headers=headers), "mensagem")
    _refused(
        await client.post("/triagem/classificar", json={"mensagem": value}, headers=headers),
        "mensagem",
    )
    signup_body = {"username": value, "email": "novo@empresa.com.br", "password": "senha-forte-1"}
    _refused(await client.post("/auth/signup", json=signup_body), "username")
    signup_body = {"username": "novo", "email": "novo@empresa.com.br", "password": value + "-senha"}
    _refused(await client.post("/auth/signup", json=signup_body), "password")


async def test_bidi_refusal_says_why_in_pt_br(client, headers):
    response = await client.post(
        "/clientes/", json={"nome": "Ana\u202e", "email": "a@b.com.br"}, headers=headers
    )
    assert response.json()["erros"][0] == {
        "campo": "nome",
        "mensagem": "contém caracteres de controle de direção do texto (bidi) não permitidos",
        "tipo": "controle_de_direcao",
    }


@pytest.mark.parametrize("nome", ["Ana\nSilva", "Ana\tSilva", "Ana\u2028Silva"])
async def test_names_are_single_line(client, headers, nome):
    response = await client.post(
        "/clientes/", json={"nome": nome, "email": "a@b.com.br"}, headers=headers
    )
    _refused(response, "nome")


async def test_messages_keep_line_breaks_and_everyone_is_trimmed(client, headers):
    cliente = await create_cliente(
        client, headers, nome="  Maria Oliveira \u3000", telefone=" +55 11 91234-5678 "
    )
    assert cliente["nome"] == "Maria Oliveira"
    assert cliente["telefone"] == "+55 11 91234-5678"
    chamado = await create_chamado(
        client, headers, cliente["id"], mensagem="\n olá,\r\n\tsegunda via \n"
    )
    stored = await client.get(f"/chamados/{chamado['chamado_id']}", headers=headers)
    assert stored.json()["mensagem"] == "olá,\r\n\tsegunda via"


@pytest.mark.parametrize("mensagem", [" ", "\n\t \u3000", "\u2028"])
async def test_blank_messages_are_refused(client, headers, mensagem):
    cliente = await create_cliente(client, headers)
    body = {"cliente_id": cliente["id"], "canal": "site", "mensagem": mensagem}
    _refused(await client.post("/chamados/", json=body, headers=headers), "mensagem")


async def test_invalid_status_keeps_the_v1_400_and_the_schema_lists_the_statuses(
    app, client, headers
):
    cliente = await create_cliente(client, headers)
    chamado = await create_chamado(client, headers, cliente["id"])
    for status in ("fechado", "", "ABERTO"):
        response = await client.put(
            f"/chamados/{chamado['chamado_id']}?novo_status={status}", headers=headers
        )
        assert response.status_code == 400
        assert response.json()["detail"] == InvalidStatusError.detail
    put = app.openapi()["paths"]["/chamados/{chamado_id}"]["put"]
    (param,) = [p for p in put["parameters"] if p["name"] == "novo_status"]
    assert param["schema"]["enum"] == ["aberto", "resolvido", "encaminhado"]
    assert "400" in put["responses"]


def _properties(app, model: str) -> dict:
    return app.openapi()["components"]["schemas"][model]["properties"]


def test_schema_declares_email_limits_and_text_patterns(app):
    for model in ("ClienteCreate", "SignupRequest"):
        email = _properties(app, model)["email"]
        assert email["maxLength"] == MAX_EMAIL_LENGTH
        assert email["format"] == "email"
        assert "pattern" in email
        # Special-use domains, refused by the validator, are refused on paper too.
        assert re.search(email["not"]["pattern"], "ana@exemplo.TEST")
        assert not re.search(email["not"]["pattern"], "ana@exemplo.com.br")
    assert _properties(app, "ChamadoCreate")["mensagem"]["pattern"] == text_pattern(
        single_line=False
    )
    assert _properties(app, "ClienteCreate")["nome"]["pattern"] == text_pattern(single_line=True)
    assert "pattern" in _properties(app, "SignupRequest")["password"]


def _interesting_characters() -> list[str]:
    ranges = CONTROL_RANGES + BIDI_RANGES + LINE_BREAK_RANGES
    codes = {code for low, high in ranges for code in range(max(low - 1, 0), high + 2)}
    codes |= {code for code in range(0x3001) if chr(code).isspace()}
    codes |= {ord(c) for c in "aZ0çã€😀\u200b\u200e\u200f\ufeff"}
    return sorted(chr(code) for code in codes)


@pytest.mark.parametrize("single_line", [False, True])
def test_published_pattern_and_validator_agree(single_line):
    from typing import Annotated

    from pydantic import TypeAdapter, ValidationError

    from src.core.types import text

    adapter = TypeAdapter(Annotated[str, text(100, single_line=single_line)])
    pattern = re.compile(text_pattern(single_line=single_line))
    for char in _interesting_characters():
        for candidate in (char, f"a{char}", f"{char}a", f" {char} "):
            try:
                adapter.validate_python(candidate)
                accepted = True
            except ValidationError:
                accepted = False
            assert accepted == bool(pattern.fullmatch(candidate)), repr(candidate)
