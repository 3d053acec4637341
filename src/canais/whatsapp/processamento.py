"""What a WhatsApp delivery becomes: customer messages in their ticket's thread, and delivery
statuses on the messages we sent. Runs in the worker, one stored event per transaction.

Meta delivers at least once: the same message (its `wamid`) may come twice or fifty times,
concurrently. A customer's events are handled one at a time, in order (src/canais/worker.py
locks per customer), and a message already stored under its wamid is skipped.
"""

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from src.canais import envios
from src.canais.whatsapp import csat as pesquisa
from src.canais.whatsapp.repository import WhatsAppRepository
from src.chamados import service as chamados
from src.chamados.mensagens import service as mensagens
from src.chamados.mensagens.service import MensagemDoCliente
from src.models import Canal, Cliente, ContaCanal, StatusEntrega
from src.triage.runtime.pipeline import Triador

logger = logging.getLogger(__name__)

CANAL = Canal.WHATSAPP
# Delivery only moves forward; `failed` is final whatever comes after it.
ORDEM_DE_ENTREGA = {
    "sent": StatusEntrega.ENVIADA,
    "delivered": StatusEntrega.ENTREGUE,
    "read": StatusEntrega.LIDA,
    "failed": StatusEntrega.FALHOU,
}
_POSICAO = {
    None: 0,
    StatusEntrega.PENDENTE: 0,
    StatusEntrega.ENVIADA: 1,
    StatusEntrega.ENTREGUE: 2,
    StatusEntrega.LIDA: 3,
}
ROTULOS = {
    "image": "imagem",
    "audio": "áudio",
    "video": "vídeo",
    "document": "documento",
    "sticker": "figurinha",
    "location": "localização",
    "contacts": "contato",
    "reaction": "reação",
    "interactive": "resposta",
    "button": "resposta",
}
MAX_TEXTO = 4096  # what the Cloud API allows in a text message


def wa_id_canonico(wa_id: str) -> str:
    """Digits only; a Brazilian mobile without its ninth digit (12 digits, the number starting
    with 6 to 9) gets it back, so both forms are the same person."""
    digitos = re.sub(r"\D", "", wa_id)
    if len(digitos) == 12 and digitos.startswith("55") and digitos[4] in "6789":
        return f"{digitos[:4]}9{digitos[4:]}"
    return digitos


class _Item(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class MensagemMeta(_Item):
    id: str = Field(min_length=1, max_length=255)
    de: str = Field(alias="from", min_length=8, max_length=20)
    type: str = "text"


class StatusMeta(_Item):
    id: str = Field(min_length=1, max_length=255)
    status: str
    errors: list[dict[str, Any]] = []
    # Ours, echoed: which envio this is, even when the answer to our call was lost.
    biz_opaque_callback_data: str | None = None


def clientes_do_evento(corpo: str) -> set[str]:
    """The customers (canonical wa_id) an event's messages and statuses are about."""
    try:
        payload = json.loads(corpo)
    except ValueError:
        return set()
    clientes = set()
    for valor in _mudancas(payload if isinstance(payload, dict) else {}):
        for lista in (valor.get("messages"), valor.get("statuses")):
            for item in lista if isinstance(lista, list) else []:
                if not isinstance(item, dict):
                    continue
                quem = item.get("from") or item.get("recipient_id")
                if isinstance(quem, str) and quem:
                    clientes.add(wa_id_canonico(quem))
    return clientes


def _mudancas(payload: dict) -> Iterator[dict]:
    """Every `value` of every `entry[].changes[]` about messages."""
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        for change in entry.get("changes") or []:
            if (
                isinstance(change, dict)
                and isinstance(change.get("value"), dict)
                and change.get("field", "messages") == "messages"
            ):
                yield change["value"]


def _itens(lista: Any, modelo: type[_Item]) -> Iterator[Any]:
    for bruto in lista if isinstance(lista, list) else []:
        try:
            yield modelo.model_validate(bruto)
        except ValidationError:
            logger.warning("item do WhatsApp ignorado: formato inesperado")


def _escolha(mensagem: MensagemMeta) -> str | None:
    """The id of a tapped list row or reply button, or a template button's payload."""
    dados = getattr(mensagem, mensagem.type, None)
    if not isinstance(dados, dict):
        return None
    if mensagem.type == "interactive":
        escolha = dados.get("list_reply") or dados.get("button_reply") or {}
        return str(escolha.get("id") or "") or None
    if mensagem.type == "button":
        return str(dados.get("payload") or "") or None
    return None


def conteudo(mensagem: MensagemMeta) -> tuple[str, str | None]:
    """The text stored for a message, and its media id: the kind is never dropped silently."""
    dados = getattr(mensagem, mensagem.type, None)
    dados = dados if isinstance(dados, dict) else {}
    if mensagem.type == "text":
        texto = str(dados.get("body") or "").strip()
        return (texto or "[mensagem vazia]")[:MAX_TEXTO], None
    rotulo = ROTULOS.get(mensagem.type, mensagem.type)
    detalhe = ""
    if mensagem.type == "location":
        partes = [dados.get("name"), dados.get("address")]
        coordenadas = f"{dados.get('latitude')}, {dados.get('longitude')}"
        detalhe = " — ".join(str(p) for p in partes if p) or coordenadas
    elif mensagem.type == "reaction":
        detalhe = str(dados.get("emoji") or "")
    elif mensagem.type == "interactive":
        escolha = dados.get("button_reply") or dados.get("list_reply") or {}
        detalhe = str(escolha.get("title") or "")
    elif mensagem.type == "button":
        detalhe = str(dados.get("text") or "")
    else:
        detalhe = str(dados.get("caption") or dados.get("filename") or "")
    texto = f"[{rotulo}] {detalhe}".strip()
    midia = dados.get("id")
    return texto[:MAX_TEXTO], str(midia)[:255] if midia else None


async def processar_evento(
    session: AsyncSession, canal: ContaCanal, corpo: str, triador: Triador
) -> None:
    payload = json.loads(corpo)
    numero = str(canal.config.get("phone_number_id", ""))
    for valor in _mudancas(payload):
        metadata = valor.get("metadata") if isinstance(valor.get("metadata"), dict) else {}
        if str(metadata.get("phone_number_id", numero)) != numero:
            # One Meta app may deliver several numbers to one URL: another number's messages
            # never land in this channel (nor in this empresa).
            logger.warning("evento de outro número ignorado no canal %s", canal.id)
            continue
        nomes = {}
        for contato in valor.get("contacts") or []:
            if isinstance(contato, dict) and contato.get("wa_id"):
                perfil = contato.get("profile") if isinstance(contato.get("profile"), dict) else {}
                nomes[wa_id_canonico(str(contato["wa_id"]))] = str(perfil.get("name") or "")
        for mensagem in _itens(valor.get("messages"), MensagemMeta):
            await _mensagem_recebida(session, canal, mensagem, nomes, triador)
        for status in _itens(valor.get("statuses"), StatusMeta):
            await _status_de_entrega(session, canal, status)


async def _mensagem_recebida(
    session: AsyncSession,
    canal: ContaCanal,
    mensagem: MensagemMeta,
    nomes: dict[str, str],
    triador: Triador,
) -> None:
    repository = WhatsAppRepository(session)
    if await repository.mensagem_existe(mensagem.id):
        return  # a redelivery
    wa_id = wa_id_canonico(mensagem.de)
    cliente = await _cliente(session, repository, wa_id, nomes.get(wa_id))
    if (avaliacao := pesquisa.resposta(_escolha(mensagem))) is not None:
        await pesquisa.registrar(session, canal, cliente, *avaliacao)  # a CSAT tap, not a message
        return
    texto, midia = conteudo(mensagem)
    chamado = await repository.ultimo_chamado(cliente.id)
    if chamado is not None:
        recebida = MensagemDoCliente(
            texto, canal=CANAL, id_externo=mensagem.id, conteudo_tipo=mensagem.type, midia_id=midia
        )
        await mensagens.mensagem_do_cliente(session, chamado.id, recebida, triador)
        return
    triagem = await chamados.responder(session, await triador.classify_async(texto), cliente.id)
    novo = chamados.NovoChamado(
        cliente_id=cliente.id,
        canal=CANAL,
        mensagem=texto,
        user_id=None,
        conta_canal_id=canal.id,
        id_externo=mensagem.id,
        conteudo_tipo=mensagem.type,
        midia_id=midia,
    )
    await chamados.abrir_chamado(session, novo, triagem)


async def _cliente(
    session: AsyncSession, repository: WhatsAppRepository, wa_id: str, nome: str | None
) -> Cliente:
    cliente = await repository.cliente_por_whatsapp(wa_id)
    if cliente is None:
        cliente = Cliente(
            nome=(nome or "").strip()[:255] or f"+{wa_id}",
            email=None,
            telefone=f"+{wa_id}"[:20],
            whatsapp=wa_id,
            canal_preferido=CANAL,
        )
        session.add(cliente)
        await session.flush()
    return cliente


async def _status_de_entrega(session: AsyncSession, canal: ContaCanal, status: StatusMeta) -> None:
    novo = ORDEM_DE_ENTREGA.get(status.status)
    if novo is None:
        return
    mensagem = await WhatsAppRepository(session).mensagem_enviada(status.id)
    envio_id = envios.id_do_envio(status.biz_opaque_callback_data)
    if mensagem is None and envio_id is not None:
        # The provider has it though our worker has not heard back (yet, or ever).
        mensagem = await envios.confirmar(session, envio_id, status.id, canal.id)
    if mensagem is None or mensagem.status_entrega == StatusEntrega.FALHOU:
        return
    if novo == StatusEntrega.FALHOU:
        mensagem.status_entrega = novo
        erro = status.errors[0] if status.errors else {}
        mensagem.erro_entrega = str(erro.get("title") or erro.get("message") or "")[:500] or None
    elif _POSICAO[novo] > _POSICAO.get(mensagem.status_entrega, 0):
        mensagem.status_entrega = novo
