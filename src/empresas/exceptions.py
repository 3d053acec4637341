from src.core.errors import ConflictError, NotFoundError


class EmpresaNotFoundError(NotFoundError):
    code = "empresa_not_found"
    detail = "Empresa não encontrada"


class SlugTakenError(ConflictError):
    code = "slug_taken"
    detail = "Já existe uma empresa com esse slug"


class EmpresaPadraoError(ConflictError):
    code = "empresa_padrao"
    detail = (
        "A empresa padrão não pode ser desativada: nela ficam o cadastro público e os "
        "administradores da plataforma"
    )
