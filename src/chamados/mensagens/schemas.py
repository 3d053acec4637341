from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from src.chamados.schemas import Mensagem
from src.models import AutorTipo

# The one combination the fields cannot make, said in the schema too.
_NOTA_DO_CLIENTE = {
    "properties": {"interna": {"const": True}, "remetente": {"const": "cliente"}},
    "required": ["interna", "remetente"],
}


class MensagemCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"not": _NOTA_DO_CLIENTE})

    mensagem: Mensagem = Field(examples=["Olá! Já regularizamos o seu acesso."])
    interna: StrictBool = Field(
        default=False,
        description="Nota interna: só os operadores a veem; não conta como resposta ao cliente",
    )
    remetente: Literal["atendente", "cliente"] = Field(
        default="atendente",
        description=(
            "`cliente` registra o que o cliente disse por outro meio (ex.: por telefone): conta "
            "como mensagem do cliente, reabre o chamado resolvido e passa pela triagem"
        ),
    )

    @model_validator(mode="after")
    def _nota_so_de_atendente(self) -> Self:
        if self.interna and self.remetente == "cliente":
            raise ValueError("interna: uma nota interna é sempre de um atendente")
        return self


class AnexoResumo(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    tipo: str = Field(description="Tipo MIME")
    tamanho: int = Field(description="Bytes")
    guardado: bool = Field(description="false: maior que ANEXO_MAX_BYTES, só registrado")


class MensagemResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    chamado_id: int = Field(
        description=(
            "O chamado onde a mensagem entrou: outro, ligado ao original, quando o cliente "
            "escreve num chamado fechado ou depois da janela de reabertura"
        )
    )
    autor_tipo: AutorTipo
    autor_id: int | None = Field(
        description="O usuário (atendente) ou o cliente que escreveu; nulo para bot e sistema"
    )
    registrado_por_id: int | None
    interna: bool
    canal: str | None
    mensagem: str
    id_externo: str | None = Field(description="O id da mensagem no provedor do canal")
    status_entrega: str | None = Field(
        description=(
            "Respostas por um canal: `pendente` (na fila de envio), `enviada`, `entregue`, "
            "`lida` ou `falhou`; nulo fora de canais e em notas internas"
        )
    )
    erro_entrega: str | None = Field(default=None, description="Por que o envio falhou")
    conteudo_tipo: str | None = Field(
        default=None,
        description="O tipo da mensagem no canal: text, image, audio, location, reaction...",
    )
    midia_id: str | None = Field(default=None, description="O id da mídia no provedor")
    assunto: str | None = Field(default=None, description="E-mail: o assunto")
    anexos: list[AnexoResumo] = Field(default=[], description="E-mail: os arquivos que vieram")
    data_criacao: datetime
