from src.core.errors import ConflictError, NotFoundError


class UsuarioNotFoundError(NotFoundError):
    code = "usuario_not_found"
    detail = "Usuário não encontrado"


class LastAdminError(ConflictError):
    code = "last_admin"
    detail = "Operação deixaria o sistema sem nenhum administrador ativo"
