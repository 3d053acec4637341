from typing import Annotated

from fastapi import Depends, Path, Request

from src.core.database import DbSession
from src.core.tenancy import bind_empresa
from src.empresas.repository import EmpresaRepository
from src.kb.service import ArtigoNotFoundError
from src.models import Empresa
from src.triage.runtime.encoder import SentenceEncoder


async def encoder_da_triagem(request: Request) -> SentenceEncoder | None:
    """The sentence encoder the triage loaded (None when only TF-IDF is installed)."""
    return getattr(request.app.state.triador.classifier, "encoder", None)


Encoder = Annotated[SentenceEncoder | None, Depends(encoder_da_triagem)]

SlugEmpresa = Annotated[
    str,
    Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=50, description="Slug da empresa"),
]


async def empresa_publica(slug: SlugEmpresa, session: DbSession) -> Empresa:
    """The help center's empresa, by its slug; its published articles only from here on. An
    unknown or inactive empresa answers like an article that does not exist."""
    empresa = await EmpresaRepository(session).get_by_slug(slug)
    if empresa is None or not empresa.ativa:
        raise ArtigoNotFoundError()
    bind_empresa(session, empresa.id)
    return empresa


EmpresaPublica = Annotated[Empresa, Depends(empresa_publica)]
