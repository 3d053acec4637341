from src.core.errors import BadRequestError, UnauthorizedError


class UsernameTakenError(BadRequestError):
    code = "username_taken"
    detail = "Username already registered"


class EmailTakenError(BadRequestError):
    code = "email_taken"
    detail = "Email already registered"


class InvalidCredentialsError(UnauthorizedError):
    code = "invalid_credentials"
    detail = "Incorrect username or password"


class InvalidTokenError(UnauthorizedError):
    code = "invalid_token"
    detail = "Não foi possível validar as credenciais"
