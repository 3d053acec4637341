"""Canned answers: admins write them, operators list them and fill them in for a ticket.

Placeholders are plain `{{objeto.campo}}` markers replaced by values of the ticket (no template
language, so a canned answer can never run anything). Unknown markers stay as written, and
the API lists them so the author can fix a typo.
"""

import re

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados import service as chamados
from src.clientes.repository import ClienteRepository
from src.core.errors import ConflictError, NotFoundError
from src.empresas.service import get_empresa
from src.models import Chamado, RespostaPronta, Usuario
from src.respostas_prontas.repository import RespostaProntaRepository
from src.respostas_prontas.schemas import (
    RespostaPreenchida,
    RespostaProntaCreate,
    RespostaProntaResponse,
    RespostaProntaUpdate,
)

MARCADOR = re.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")
CONHECIDOS = ("cliente.nome", "cliente.email", "atendente.nome", "chamado.id", "empresa.nome")


class RespostaProntaNotFoundError(NotFoundError):
    code = "resposta_pronta_not_found"
    detail = "Resposta pronta não encontrada"


class TituloEmUsoError(ConflictError):
    code = "resposta_pronta_existente"
    detail = "Já existe uma resposta pronta com esse título nesta empresa"


def _response(resposta: RespostaPronta) -> RespostaProntaResponse:
    desconhecidos = sorted({m for m in MARCADOR.findall(resposta.texto) if m not in CONHECIDOS})
    return RespostaProntaResponse(
        id=resposta.id,
        titulo=resposta.titulo,
        texto=resposta.texto,
        desconhecidos=desconhecidos,
        modelo_whatsapp=resposta.modelo_whatsapp,
        modelo_idioma=resposta.modelo_idioma,
        data_criacao=resposta.data_criacao,
    )


async def listar(session: AsyncSession) -> list[RespostaProntaResponse]:
    return [_response(r) for r in await RespostaProntaRepository(session).todas()]


async def criar(session: AsyncSession, data: RespostaProntaCreate) -> RespostaProntaResponse:
    repository = RespostaProntaRepository(session)
    if await repository.titulo_em_uso(data.titulo):
        raise TituloEmUsoError()
    try:
        resposta = await repository.add(
            RespostaPronta(
                titulo=data.titulo,
                texto=data.texto,
                modelo_whatsapp=data.modelo_whatsapp,
                modelo_idioma=data.modelo_idioma,
            )
        )
    except IntegrityError as exc:
        raise TituloEmUsoError() from exc
    return _response(resposta)


async def alterar(
    session: AsyncSession, resposta_id: int, data: RespostaProntaUpdate
) -> RespostaProntaResponse:
    repository = RespostaProntaRepository(session)
    resposta = await _get(repository, resposta_id)
    if data.titulo is not None and data.titulo != resposta.titulo:
        if await repository.titulo_em_uso(data.titulo):
            raise TituloEmUsoError()
        resposta.titulo = data.titulo
    if data.texto is not None:
        resposta.texto = data.texto
    if data.modelo_whatsapp is not None:
        resposta.modelo_whatsapp = data.modelo_whatsapp
    if data.modelo_idioma is not None:
        resposta.modelo_idioma = data.modelo_idioma
    try:
        await session.flush()
    except IntegrityError as exc:
        raise TituloEmUsoError() from exc
    return _response(resposta)


async def apagar(session: AsyncSession, resposta_id: int) -> None:
    repository = RespostaProntaRepository(session)
    await session.delete(await _get(repository, resposta_id))
    await session.flush()


async def preencher(
    session: AsyncSession, resposta_id: int, chamado_id: int, atendente: Usuario
) -> RespostaPreenchida:
    resposta = await _get(RespostaProntaRepository(session), resposta_id)
    chamado = await chamados.get_chamado(session, chamado_id)
    valores = await valores_do_chamado(session, chamado, atendente)
    return RespostaPreenchida(
        texto=preencher_texto(resposta.texto, valores),
        modelo_whatsapp=resposta.modelo_whatsapp,
        modelo_idioma=resposta.modelo_idioma if resposta.modelo_whatsapp else None,
    )


def preencher_texto(texto: str, valores: dict[str, str]) -> str:
    """The ticket's values in place of the markers; unknown markers stay as written."""
    return MARCADOR.sub(lambda m: valores.get(m.group(1), m.group(0)), texto)


async def valores_do_chamado(
    session: AsyncSession, chamado: Chamado, atendente: Usuario
) -> dict[str, str]:
    cliente = await ClienteRepository(session).get(chamado.cliente_id)
    empresa = await get_empresa(session, chamado.empresa_id)
    return {
        "cliente.nome": cliente.nome if cliente else "",
        "cliente.email": cliente.email if cliente else "",
        "atendente.nome": atendente.username,
        "chamado.id": str(chamado.id),
        "empresa.nome": empresa.nome,
    }


async def _get(repository: RespostaProntaRepository, resposta_id: int) -> RespostaPronta:
    resposta = await repository.get(resposta_id)
    if resposta is None:
        raise RespostaProntaNotFoundError()
    return resposta
