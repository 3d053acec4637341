"""All ORM models in one package, so Alembic and relationships see every table."""

from src.models.base import Base
from src.models.canal import ContaCanal, EnvioCanal, EventoCanal, ModeloWhatsApp
from src.models.chamado import Anexo, Chamado, ChamadoEvento, Mensagem
from src.models.cliente import Cliente
from src.models.contador import ContadorChamados
from src.models.crm import Contrato, EventoContrato, Fatura, Pagamento, Plano
from src.models.empresa import EMPRESA_PADRAO_SLUG, Empresa
from src.models.enums import (
    PRIORIDADES,
    STATUS_EM_ABERTO,
    STATUS_V1,
    AutorTipo,
    Canal,
    Disponibilidade,
    EstadoEntrega,
    EstadoEnvio,
    MeioPagamento,
    Papel,
    Prioridade,
    SlaEstado,
    StatusChamado,
    StatusContrato,
    StatusEntrega,
    StatusFatura,
)
from src.models.equipe import Equipe, EquipeMembro
from src.models.etiqueta import ChamadoEtiqueta, Etiqueta, RespostaPronta
from src.models.idempotencia import ChaveIdempotencia
from src.models.kb import ArtigoKb, EstadoKb, TrechoKb, VersaoArtigoKb
from src.models.metrica import MetricaDiaria
from src.models.sla import NotificacaoUsuario, PoliticaSla
from src.models.triagem import IntencaoEmpresa, LimiaresTriagem
from src.models.usuario import Usuario
from src.models.webhook import EntregaWebhook, TentativaWebhook, WebhookEndpoint

__all__ = [
    "EMPRESA_PADRAO_SLUG",
    "PRIORIDADES",
    "STATUS_EM_ABERTO",
    "STATUS_V1",
    "Anexo",
    "ArtigoKb",
    "AutorTipo",
    "Base",
    "Canal",
    "Chamado",
    "ChamadoEtiqueta",
    "ChamadoEvento",
    "ChaveIdempotencia",
    "Cliente",
    "ContaCanal",
    "ContadorChamados",
    "Contrato",
    "Disponibilidade",
    "Empresa",
    "EntregaWebhook",
    "EnvioCanal",
    "Equipe",
    "EquipeMembro",
    "EstadoEntrega",
    "EstadoEnvio",
    "EstadoKb",
    "Etiqueta",
    "EventoCanal",
    "EventoContrato",
    "Fatura",
    "IntencaoEmpresa",
    "LimiaresTriagem",
    "MeioPagamento",
    "Mensagem",
    "MetricaDiaria",
    "ModeloWhatsApp",
    "NotificacaoUsuario",
    "Pagamento",
    "Papel",
    "Plano",
    "PoliticaSla",
    "Prioridade",
    "RespostaPronta",
    "SlaEstado",
    "StatusChamado",
    "StatusContrato",
    "StatusEntrega",
    "StatusFatura",
    "TentativaWebhook",
    "TrechoKb",
    "Usuario",
    "VersaoArtigoKb",
    "WebhookEndpoint",
]
