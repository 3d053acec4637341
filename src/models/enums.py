"""Closed vocabularies of the v1 contract, shared by models, schemas and checks."""

from enum import StrEnum

from src.core import outbox


class Canal(StrEnum):
    SITE = "site"
    WHATSAPP = "whatsapp"
    EMAIL = "email"


class StatusChamado(StrEnum):
    ABERTO = "aberto"
    RESOLVIDO = "resolvido"
    ENCAMINHADO = "encaminhado"
    EM_ATENDIMENTO = "em_atendimento"
    AGUARDANDO_CLIENTE = "aguardando_cliente"
    FECHADO = "fechado"


# What `PUT /chamados/{id}?novo_status=` takes: the v1 contract fixes these three and the text
# that lists them; the other statuses are set with `PATCH /chamados/{id}`.
STATUS_V1 = (StatusChamado.ABERTO, StatusChamado.RESOLVIDO, StatusChamado.ENCAMINHADO)
# Still someone's work: counts in an operator's load and waits in a queue.
STATUS_EM_ABERTO = (
    StatusChamado.ABERTO,
    StatusChamado.ENCAMINHADO,
    StatusChamado.EM_ATENDIMENTO,
    StatusChamado.AGUARDANDO_CLIENTE,
)


class Prioridade(StrEnum):
    BAIXA = "baixa"
    MEDIA = "média"
    ALTA = "alta"


# Ordered: a follow-up can raise the priority, never lower it on its own.
PRIORIDADES = (Prioridade.BAIXA, Prioridade.MEDIA, Prioridade.ALTA)


class AutorTipo(StrEnum):
    """Who wrote a message of a ticket's thread."""

    CLIENTE = "cliente"
    ATENDENTE = "atendente"
    BOT = "bot"
    SISTEMA = "sistema"


class StatusEntrega(StrEnum):
    """Where an outgoing message stands with its channel's provider."""

    PENDENTE = "pendente"
    ENVIADA = "enviada"
    ENTREGUE = "entregue"
    LIDA = "lida"
    FALHOU = "falhou"


class EstadoEnvio(StrEnum):
    """An outbox row's life: waiting, claimed by a worker, accepted by the provider, given up."""

    PENDENTE = outbox.PENDENTE
    ENVIANDO = outbox.ENVIANDO
    ENVIADO = "enviado"
    FALHOU = "falhou"


class EstadoEntrega(StrEnum):
    """An outgoing webhook delivery (an outbox row): waiting, being attempted, taken, given up."""

    PENDENTE = outbox.PENDENTE
    ENVIANDO = outbox.ENVIANDO
    ENTREGUE = "entregue"
    FALHOU = "falhou"


class Papel(StrEnum):
    ADMIN = "admin"
    ATENDENTE = "atendente"


class Disponibilidade(StrEnum):
    ONLINE = "online"
    AUSENTE = "ausente"


class SlaEstado(StrEnum):
    NO_PRAZO = "no_prazo"
    EM_RISCO = "em_risco"  # 80% of the time used
    VIOLADO = "violado"
    PAUSADO = "pausado"  # waiting on the customer
    CUMPRIDO = "cumprido"


class StatusContrato(StrEnum):
    ATIVO = "ativo"
    SUSPENSO = "suspenso"
    CANCELADO = "cancelado"


class StatusFatura(StrEnum):
    """Stored states; `vencida` is an `aberta` past its due date, derived when read."""

    ABERTA = "aberta"
    PAGA = "paga"
    VENCIDA = "vencida"
    CANCELADA = "cancelada"


STATUS_FATURA_GRAVADOS = (StatusFatura.ABERTA, StatusFatura.PAGA, StatusFatura.CANCELADA)


class MeioPagamento(StrEnum):
    PIX = "pix"
    BOLETO = "boleto"
    CARTAO = "cartao"
    DEBITO_AUTOMATICO = "debito_automatico"
    TRANSFERENCIA = "transferencia"
    DINHEIRO = "dinheiro"
