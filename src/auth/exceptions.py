from src.core.errors import BadRequestError, ForbiddenError, UnauthorizedError


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


class SignupClosedError(ForbiddenError):
    code = "signup_closed"
    detail = "Cadastro fechado: apenas administradores podem criar contas"


class RoleChoiceForbiddenError(ForbiddenError):
    code = "role_forbidden"
    detail = "Apenas administradores podem escolher o papel da nova conta"


class WrongCurrentPasswordError(BadRequestError):
    code = "wrong_current_password"
    detail = "Senha atual incorreta"


class SamePasswordError(BadRequestError):
    code = "same_password"
    detail = "A nova senha deve ser diferente da atual"
