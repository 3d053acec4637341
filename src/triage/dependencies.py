from typing import Annotated

from fastapi import Depends, Request

from src.auth.dependencies import CurrentUser
from src.core.database import DbSession
from src.triage import Triador


async def get_triador(request: Request, session: DbSession, usuario: CurrentUser) -> Triador:
    """The caller's empresa's triage: the worker's model (built once, in the lifespan) with
    the empresa's own catalog and thresholds (src/triage/por_empresa.py)."""
    return await request.app.state.triagens.para(session, usuario.empresa_id)


TriadorDep = Annotated[Triador, Depends(get_triador)]
