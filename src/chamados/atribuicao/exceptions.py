from src.core.errors import AppError, ConflictError


class AtribuicaoVaziaError(AppError):
    status_code = 422
    code = "atribuicao_vazia"
    detail = "Informe atendente_id, equipe_id ou os dois"


class AtendenteForaDaEquipeError(ConflictError):
    code = "atendente_fora_da_equipe"
    detail = (
        "O atendente não é membro da equipe do chamado: inclua-o na equipe ou informe também a "
        "equipe_id para a qual o chamado vai"
    )


class AtendenteIndisponivelError(ConflictError):
    code = "atendente_inativo"
    detail = "Conta de atendente desativada: não recebe chamados"
