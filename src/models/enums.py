"""Closed vocabularies of the v1 contract, shared by models, schemas and checks."""

from enum import StrEnum


class Canal(StrEnum):
    SITE = "site"
    WHATSAPP = "whatsapp"
    EMAIL = "email"


class StatusChamado(StrEnum):
    ABERTO = "aberto"
    RESOLVIDO = "resolvido"
    ENCAMINHADO = "encaminhado"


class Prioridade(StrEnum):
    BAIXA = "baixa"
    MEDIA = "média"
    ALTA = "alta"


class Papel(StrEnum):
    ADMIN = "admin"
    ATENDENTE = "atendente"
