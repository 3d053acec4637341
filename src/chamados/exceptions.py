from src.core.errors import BadRequestError, ConflictError, NotFoundError
from src.models import STATUS_V1


class ChamadoNotFoundError(NotFoundError):
    code = "chamado_not_found"
    detail = "Chamado não encontrado"


class InvalidStatusError(BadRequestError):
    code = "invalid_status"
    # The v1 contract fixes this exact text, Python list repr included.
    detail = f"Status inválido. Deve ser um de: {[status.value for status in STATUS_V1]}"


class ChamadoFechadoError(ConflictError):
    code = "chamado_fechado"
    detail = (
        "Chamado fechado: não recebe respostas nem muda de status. Uma nova mensagem do cliente "
        "abre outro chamado, ligado a este."
    )
