"""All ORM models in one package, so Alembic and relationships see every table."""

from src.models.base import Base
from src.models.chamado import Chamado, Resposta
from src.models.cliente import Cliente
from src.models.contador import ContadorChamados
from src.models.empresa import EMPRESA_PADRAO_SLUG, Empresa
from src.models.enums import Canal, Papel, Prioridade, StatusChamado
from src.models.equipe import Equipe, EquipeMembro
from src.models.idempotencia import ChaveIdempotencia
from src.models.usuario import Usuario

__all__ = [
    "EMPRESA_PADRAO_SLUG",
    "Base",
    "Canal",
    "Chamado",
    "ChaveIdempotencia",
    "Cliente",
    "ContadorChamados",
    "Empresa",
    "Equipe",
    "EquipeMembro",
    "Papel",
    "Prioridade",
    "Resposta",
    "StatusChamado",
    "Usuario",
]
