from src.core.errors import AppError, ConflictError, NotFoundError


class EquipeNotFoundError(NotFoundError):
    code = "equipe_not_found"
    detail = "Equipe não encontrada"


class EquipeNomeEmUsoError(ConflictError):
    code = "equipe_nome_em_uso"
    detail = "Já existe uma equipe com esse nome nesta empresa"


class IntencaoEmOutraEquipeError(ConflictError):
    code = "intencao_em_outra_equipe"

    def __init__(self, intencao: str, equipe: str) -> None:
        super().__init__(f"A intenção '{intencao}' já é atendida pela equipe '{equipe}'")


class ReferenciaInexistenteError(AppError):
    """Members or intents that do not exist here: 404, like a cliente_id that does not exist
    in POST /chamados (another empresa's operator is one of them)."""

    status_code = 404
    code = "referencia_inexistente"
