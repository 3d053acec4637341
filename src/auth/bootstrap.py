"""Creating admins outside any request (`atendimento create-admin` / `create-superadmin`)."""

from src.auth import service
from src.auth.schemas import SignupRequest
from src.core.config import Settings
from src.core.database import create_engine, create_sessionmaker
from src.core.tenancy import bind_empresa
from src.empresas.exceptions import EmpresaNotFoundError
from src.empresas.repository import EmpresaRepository
from src.models import EMPRESA_PADRAO_SLUG, Papel


async def create_admin_account(
    settings: Settings,
    data: SignupRequest,
    *,
    empresa_slug: str = EMPRESA_PADRAO_SLUG,
    superadmin: bool = False,
) -> None:
    """Create an admin of one empresa in its own transaction; AppError if the name or e-mail
    is taken or the empresa does not exist. A superadmin always lives in the default empresa."""
    if superadmin:
        empresa_slug = EMPRESA_PADRAO_SLUG
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            empresa = await EmpresaRepository(session).get_by_slug(empresa_slug)
            if empresa is None:
                raise EmpresaNotFoundError()
            bind_empresa(session, empresa.id)
            usuario = await service.create_usuario(session, data, Papel.ADMIN)
            usuario.superadmin = superadmin
    finally:
        await engine.dispose()
