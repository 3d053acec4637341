from datetime import datetime

from sqlalchemy import Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from src.core.security import TokenClaims, new_token_version
from src.core.tenancy import TenantScoped
from src.models.base import Base, utcnow
from src.models.enums import Disponibilidade, Papel


class Usuario(TenantScoped, Base):
    """An operator account (admin or atendente) of one empresa, that signs in to the API.

    Usernames stay unique across the installation: login asks for nothing else. E-mails are
    unique within the empresa.
    """

    __tablename__ = "usuarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(255))
    hashed_password: Mapped[str] = mapped_column(String(255))
    papel: Mapped[str] = mapped_column(String(20), default=Papel.ATENDENTE)
    ativo: Mapped[bool] = mapped_column(default=True)
    # Platform administrator: manages empresas (POST/PATCH /empresas). Lives in the default one.
    superadmin: Mapped[bool] = mapped_column(default=False)
    # Random, carried by every token as "ver": replaced on password change and deactivation,
    # which kills every token issued before.
    versao_token: Mapped[str] = mapped_column(String(32), default=new_token_version)
    # Automatic assignment gives tickets only to operators `online`, up to `capacidade` open
    # tickets each, the least loaded first; ties go to whoever got one longest ago.
    disponibilidade: Mapped[str] = mapped_column(
        String(10), default=Disponibilidade.AUSENTE, server_default=Disponibilidade.AUSENTE
    )
    capacidade: Mapped[int] = mapped_column(default=10, server_default="10")
    ultima_atribuicao: Mapped[datetime | None]
    data_criacao: Mapped[datetime] = mapped_column(default=utcnow)

    def accepts(self, claims: TokenClaims) -> bool:
        """Whether a verified token still speaks for this account: not after deactivation or
        a password change (new version), nor for a later account that reuses the name.
        (The empresa being active is the loader's part: it joins `empresas`.)"""
        return (
            self.ativo
            and self.versao_token == claims.version
            and self.username == claims.subject
            and self.empresa_id == claims.empresa_id
        )


# "Ana" and "ana" are one person: names and e-mails are unique whatever their case.
Index("uq_usuarios_username_lower", func.lower(Usuario.username), unique=True)
Index("uq_usuarios_empresa_email_lower", Usuario.empresa_id, func.lower(Usuario.email), unique=True)
