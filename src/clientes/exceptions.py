from src.core.errors import BadRequestError, NotFoundError


class ClienteNotFoundError(NotFoundError):
    code = "cliente_not_found"
    detail = "Cliente não encontrado"


class ClienteEmailTakenError(BadRequestError):
    code = "cliente_email_taken"
    detail = "Email já cadastrado"
