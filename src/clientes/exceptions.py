from src.core.errors import BadRequestError, ConflictError, NotFoundError


class ClienteNotFoundError(NotFoundError):
    code = "cliente_not_found"
    detail = "Cliente não encontrado"


class ClienteEmailTakenError(BadRequestError):
    code = "cliente_email_taken"
    detail = "Email já cadastrado"


class ClienteDocumentoEmUsoError(ConflictError):
    code = "cliente_documento_em_uso"
    detail = "Já existe um cliente com esse CPF/CNPJ nesta empresa"
