"""All SQL about the messages of a ticket's thread."""

from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select

from src.core.pagination import PageParams
from src.core.repository import Repository
from src.models import Anexo, AutorTipo, Mensagem

# executemany of one prepared INSERT: the opening lines of every new ticket go in one round trip.
_INSERT = insert(Mensagem.__table__)
_m = Mensagem.__table__.c
_THREAD = (
    select(Mensagem.__table__)
    .where(_m.chamado_id == bindparam("chamado_id"))
    .order_by(_m.data_criacao, _m.id)
    .offset(bindparam("skip"))
    .limit(bindparam("limit"))
)
_ANEXOS = (
    select(
        Anexo.id,
        Anexo.mensagem_id,
        Anexo.nome,
        Anexo.tipo,
        Anexo.tamanho,
        Anexo.conteudo.is_not(None).label("guardado"),
    )
    .where(Anexo.mensagem_id.in_(bindparam("ids", expanding=True)))
    .order_by(Anexo.id)
)
_ANEXO_DO_CHAMADO = (
    select(Anexo)
    .join(Mensagem, Mensagem.id == Anexo.mensagem_id)
    .where(Anexo.id == bindparam("anexo_id"), Mensagem.chamado_id == bindparam("chamado_id"))
)
_ABERTURA = (
    select(Mensagem)
    .where(Mensagem.chamado_id == bindparam("chamado_id"))
    .order_by(Mensagem.data_criacao, Mensagem.id)
    .limit(1)
)
# The v1 view of a thread: what operators told the customer.
_RESPOSTAS = _THREAD.where(_m.autor_tipo == AutorTipo.ATENDENTE, _m.interna.is_(False))


class MensagemRepository(Repository):
    async def insert_many(self, linhas: list[dict]) -> None:
        await self.session.execute(_INSERT, linhas)

    async def thread(self, chamado_id: int, page: PageParams) -> Sequence:
        params = {"chamado_id": chamado_id, "skip": page.skip, "limit": page.limit}
        return (await self.session.execute(_THREAD, params)).all()

    async def respostas(self, chamado_id: int, page: PageParams) -> Sequence:
        params = {"chamado_id": chamado_id, "skip": page.skip, "limit": page.limit}
        return (await self.session.execute(_RESPOSTAS, params)).all()

    async def abertura(self, chamado_id: int) -> Mensagem:
        """The customer's message that opened the ticket."""
        return (await self.session.scalars(_ABERTURA, {"chamado_id": chamado_id})).one()

    async def anexos(self, mensagem_ids: list[int]) -> Sequence:
        return (await self.session.execute(_ANEXOS, {"ids": mensagem_ids})).all()

    async def anexo(self, chamado_id: int, anexo_id: int) -> Anexo | None:
        params = {"chamado_id": chamado_id, "anexo_id": anexo_id}
        return await self.session.scalar(_ANEXO_DO_CHAMADO, params)
