"""All SQL of satisfaction surveys: a survey is found by its token alone, in any empresa."""

from sqlalchemy import bindparam, select

from src.core.repository import Repository
from src.core.tenancy import ALL_EMPRESAS
from src.models import Chamado, Empresa

# The public page knows the token, not the empresa: the token is the capability.
_POR_TOKEN = (
    select(Chamado, Empresa.nome)
    .join(Empresa, Empresa.id == Chamado.empresa_id)
    .where(Chamado.csat_token == bindparam("token"))
    .execution_options(**ALL_EMPRESAS)
)
_POR_TOKEN_PARA_RESPONDER = _POR_TOKEN.with_for_update(of=Chamado)


class CsatRepository(Repository):
    async def por_token(self, token: str, travar: bool = False) -> tuple[Chamado, str] | None:
        query = _POR_TOKEN_PARA_RESPONDER if travar else _POR_TOKEN
        row = (await self.session.execute(query, {"token": token})).one_or_none()
        return None if row is None else (row[0], row[1])
