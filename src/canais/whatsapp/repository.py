"""All SQL of turning WhatsApp deliveries into threads."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select

from src.core.repository import Repository
from src.models import AutorTipo, Canal, Chamado, Cliente, Mensagem, ModeloWhatsApp

_POR_WAMID = select(Mensagem.id).where(
    Mensagem.canal == Canal.WHATSAPP, Mensagem.id_externo == bindparam("wamid")
)
_ENVIADA = (
    select(Mensagem)
    .where(
        Mensagem.canal == Canal.WHATSAPP,
        Mensagem.id_externo == bindparam("wamid"),
        Mensagem.autor_tipo.in_((AutorTipo.ATENDENTE, AutorTipo.BOT)),
    )
    .with_for_update()
)
_CLIENTE = select(Cliente).where(Cliente.whatsapp == bindparam("wa_id"))
# The customer's latest WhatsApp conversation: the message joins it (or reopens it, or
# continues it in a new linked ticket, by the conversation rules of chamados/mensagens).
_ULTIMO_CHAMADO = (
    select(Chamado)
    .where(Chamado.cliente_id == bindparam("cliente_id"), Chamado.canal == Canal.WHATSAPP)
    .order_by(Chamado.id.desc())
    .limit(1)
)

# The customer-service window opens with the customer's last message through this number
# (messages an operator wrote down from a phone call have no provider id and do not count).
_ULTIMA_DO_CLIENTE = (
    select(func.max(Mensagem.data_criacao))
    .join(Chamado, Chamado.id == Mensagem.chamado_id)
    .where(
        Chamado.cliente_id == bindparam("cliente_id"),
        Chamado.conta_canal_id == bindparam("canal_id"),
        Mensagem.autor_tipo == AutorTipo.CLIENTE,
        Mensagem.id_externo.is_not(None),
    )
)
_MODELOS = (
    select(ModeloWhatsApp)
    .where(ModeloWhatsApp.canal_id == bindparam("canal_id"))
    .order_by(ModeloWhatsApp.nome, ModeloWhatsApp.idioma)
)
_MODELO = select(ModeloWhatsApp).where(
    ModeloWhatsApp.canal_id == bindparam("canal_id"),
    ModeloWhatsApp.nome == bindparam("nome"),
    ModeloWhatsApp.idioma == bindparam("idioma"),
)
_WHATSAPP_DO_CLIENTE = select(Cliente.whatsapp).where(Cliente.id == bindparam("cliente_id"))


class WhatsAppRepository(Repository):
    async def mensagem_existe(self, wamid: str) -> bool:
        return await self.session.scalar(_POR_WAMID, {"wamid": wamid}) is not None

    async def mensagem_enviada(self, wamid: str) -> Mensagem | None:
        return await self.session.scalar(_ENVIADA, {"wamid": wamid})

    async def cliente_por_whatsapp(self, wa_id: str) -> Cliente | None:
        return await self.session.scalar(_CLIENTE, {"wa_id": wa_id})

    async def ultimo_chamado(self, cliente_id: int) -> Chamado | None:
        return await self.session.scalar(_ULTIMO_CHAMADO, {"cliente_id": cliente_id})

    async def ultima_mensagem_do_cliente(self, cliente_id: int, canal_id: int) -> datetime | None:
        return await self.session.scalar(
            _ULTIMA_DO_CLIENTE, {"cliente_id": cliente_id, "canal_id": canal_id}
        )

    async def whatsapp_do_cliente(self, cliente_id: int) -> str | None:
        return await self.session.scalar(_WHATSAPP_DO_CLIENTE, {"cliente_id": cliente_id})

    async def modelos(self, canal_id: int) -> Sequence[ModeloWhatsApp]:
        return (await self.session.scalars(_MODELOS, {"canal_id": canal_id})).all()

    async def modelo(self, canal_id: int, nome: str, idioma: str) -> ModeloWhatsApp | None:
        params = {"canal_id": canal_id, "nome": nome, "idioma": idioma}
        return await self.session.scalar(_MODELO, params)

    async def apagar_modelos(self, canal_id: int) -> None:
        await self.session.execute(
            delete(ModeloWhatsApp).where(ModeloWhatsApp.canal_id == canal_id)
        )
