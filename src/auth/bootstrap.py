"""Creating an admin outside any request (the `atendimento create-admin` command)."""

from src.auth import service
from src.auth.schemas import SignupRequest
from src.core.config import Settings
from src.core.database import create_engine, create_sessionmaker
from src.models import Papel


async def create_admin_account(settings: Settings, data: SignupRequest) -> None:
    """Create an admin account in its own transaction; AppError if the name or e-mail is taken."""
    engine = create_engine(settings)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await service.create_usuario(session, data, Papel.ADMIN)
    finally:
        await engine.dispose()
