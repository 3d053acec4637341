from src.core.errors import ConflictError, ForbiddenError, NotFoundError


class UsuarioNotFoundError(NotFoundError):
    code = "usuario_not_found"
    detail = "Usuário não encontrado"


class LastAdminError(ConflictError):
    code = "last_admin"
    detail = "Operação deixaria a empresa sem nenhum administrador ativo"


# The v1 contract answers a taken name on /auth/signup with a 400 in English; the routes that
# came later say what it is: a conflict with an existing account, in Portuguese.
class UsernameInUseError(ConflictError):
    code = "username_taken"
    detail = "Já existe uma conta com esse nome de usuário"


class EmailInUseError(ConflictError):
    code = "email_taken"
    detail = "Já existe uma conta com esse e-mail"


class SuperadminOnlyError(ForbiddenError):
    code = "forbidden"
    detail = "Apenas o administrador da plataforma pode alterar esta conta"


class LastSuperadminError(ConflictError):
    code = "last_superadmin"
    detail = "Operação deixaria a plataforma sem nenhum administrador da plataforma ativo"
