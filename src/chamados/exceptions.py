from src.core.errors import BadRequestError, NotFoundError
from src.models import StatusChamado


class ChamadoNotFoundError(NotFoundError):
    code = "chamado_not_found"
    detail = "Chamado não encontrado"


class InvalidStatusError(BadRequestError):
    code = "invalid_status"
    # The v1 contract fixes this exact text, Python list repr included.
    detail = f"Status inválido. Deve ser um de: {[status.value for status in StatusChamado]}"
