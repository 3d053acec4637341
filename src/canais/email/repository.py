"""All SQL of turning e-mails into threads and answers into e-mails."""

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from src.core.repository import Repository
from src.models import Anexo, Canal, Chamado, Cliente, Mensagem

_POR_MESSAGE_ID = select(Mensagem.id).where(
    Mensagem.canal == Canal.EMAIL, Mensagem.id_externo == bindparam("message_id")
)
_MENSAGEM = select(Mensagem).where(
    Mensagem.canal == Canal.EMAIL, Mensagem.id_externo == bindparam("message_id")
)
# The conversation an e-mail answers: any message of ours or theirs it refers to.
_CHAMADO_REFERIDO = (
    select(Mensagem.chamado_id)
    .where(
        Mensagem.canal == Canal.EMAIL,
        Mensagem.id_externo.in_(bindparam("ids", expanding=True)),
    )
    .order_by(Mensagem.id.desc())
    .limit(1)
)
_CLIENTE = (
    select(Cliente)
    .where(Cliente.email.in_(bindparam("enderecos", expanding=True)))
    .order_by(Cliente.id)
    .limit(1)
)
# What the thread's e-mails were: their Message-IDs (for References) and the subject.
_DO_FIO = (
    select(Mensagem.id_externo, Mensagem.assunto, Mensagem.autor_tipo)
    .where(
        Mensagem.chamado_id == bindparam("chamado_id"),
        Mensagem.canal == Canal.EMAIL,
        Mensagem.id_externo.is_not(None),
    )
    .order_by(Mensagem.id)
)
_EMAIL_DO_CLIENTE = select(Cliente.email).where(Cliente.id == bindparam("cliente_id"))


class EmailRepository(Repository):
    async def mensagem_existe(self, message_id: str) -> bool:
        return await self.session.scalar(_POR_MESSAGE_ID, {"message_id": message_id}) is not None

    async def chamado_referido(self, message_ids: Sequence[str]) -> int | None:
        if not message_ids:
            return None
        return await self.session.scalar(_CHAMADO_REFERIDO, {"ids": list(message_ids)})

    async def chamado(self, chamado_id: int) -> Chamado | None:
        return await self.session.get(Chamado, chamado_id)

    async def cliente_por_email(self, *enderecos: str) -> Cliente | None:
        return await self.session.scalar(_CLIENTE, {"enderecos": list(set(enderecos))})

    async def mensagem_por_message_id(self, message_id: str) -> Mensagem | None:
        return await self.session.scalar(
            select(Mensagem).where(Mensagem.canal == Canal.EMAIL, Mensagem.id_externo == message_id)
        )

    async def do_fio(self, chamado_id: int) -> Sequence:
        return (await self.session.execute(_DO_FIO, {"chamado_id": chamado_id})).all()

    async def email_do_cliente(self, cliente_id: int) -> str | None:
        return await self.session.scalar(_EMAIL_DO_CLIENTE, {"cliente_id": cliente_id})

    async def guardar_anexos(self, anexos: list[Anexo]) -> None:
        self.session.add_all(anexos)
        await self.session.flush()
