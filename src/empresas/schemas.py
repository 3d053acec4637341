from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from src.auth.schemas import Password, Username
from src.chamados.sla.calendario import DIAS, EXPEDIENTE_PADRAO, FUSOS_DO_BRASIL
from src.core.types import DataIso, Email, formatted_text, json_int, link, text

Nome = Annotated[str, text(120, single_line=True)]
Slug = Annotated[
    str,
    formatted_text(
        50,
        r"[a-z0-9]+(?:-[a-z0-9]+)*",
        "use só letras minúsculas sem acento, números e hífens entre eles (ex.: loja-centro)",
    ),
]


# A link goes out in automatic answers, on WhatsApp and in e-mails.
Link = Annotated[str, link(500)]


class LinksEmpresa(BaseModel):
    """Where automatic answers send the customer (`{{empresa.link_<nome>}}` in an answer)."""

    model_config = ConfigDict(extra="forbid")

    area_cliente: Link | None = Field(
        default=None, description="Área do cliente (dados, pagamentos)"
    )
    segunda_via: Link | None = Field(
        default=None,
        description="Segunda via de boletos e faturas",
        examples=["https://minhaempresa.com.br/segunda-via"],
    )
    recuperar_senha: Link | None = Field(default=None, description="Recuperação de senha")
    planos: Link | None = Field(default=None, description="Planos e troca de plano")
    rastreio: Link | None = Field(default=None, description="Acompanhamento de pedidos e entregas")

    def como_config(self) -> dict[str, str]:
        return {nome: url for nome, url in self.model_dump().items() if url is not None}


class CobrancaEmpresa(BaseModel):
    """Who receives the customers' payments: the PIX of the BR Code and the boleto agreement."""

    model_config = ConfigDict(extra="forbid")

    pix_chave: (
        Annotated[
            str, formatted_text(77, r"[!-~]+", "use só letras sem acento, números e símbolos")
        ]
        | None
    ) = Field(
        default=None,
        description="Chave PIX (CPF/CNPJ, e-mail, telefone +55... ou chave aleatória)",
        examples=["financeiro@minhaempresa.com.br"],
    )
    recebedor: Annotated[str, text(25, single_line=True)] | None = Field(
        default=None, description="Nome do recebedor no PIX (até 25 caracteres)"
    )
    cidade: Annotated[str, text(15, single_line=True)] | None = Field(
        default=None, description="Cidade do recebedor no PIX (até 15 caracteres)"
    )
    convenio: (
        Annotated[str, formatted_text(7, r"[0-9]{7}", "use os 7 dígitos do convênio")] | None
    ) = Field(default=None, description="Convênio de 7 dígitos no Banco do Brasil")
    carteira: (
        Annotated[str, formatted_text(2, r"[0-9]{2}", "use os 2 dígitos da carteira")] | None
    ) = Field(default=None, description="Carteira de cobrança (ex.: 17)", examples=["17"])

    def como_config(self) -> dict[str, str]:
        return {nome: valor for nome, valor in self.model_dump().items() if valor is not None}


class PrimeiroAdmin(BaseModel):
    """The new empresa's first admin, created in the same transaction."""

    model_config = ConfigDict(extra="forbid")

    username: Username = Field(examples=["admin.loja"])
    email: Email = Field(examples=["admin@loja.com.br"])
    password: Password = Field(examples=["uma-senha-longa"])


class EmpresaCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nome: Nome = Field(examples=["Loja Centro Ltda."])
    slug: Slug = Field(examples=["loja-centro"], description="Identificador curto e único")
    admin: PrimeiroAdmin | None = None


class EmpresaUpdate(BaseModel):
    """Omitted fields stay as they are. `ativa: false` refuses every token of its operators."""

    model_config = ConfigDict(extra="forbid")

    nome: Nome | None = Field(default=None, examples=["Loja Centro S.A."])
    ativa: StrictBool | None = Field(default=None, examples=[False])


JanelaReabertura = json_int(0, 365)


Hora = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["08:00"])]
FusoHorario = Literal[FUSOS_DO_BRASIL]  # type: ignore[valid-type]


class Horario(BaseModel):
    """One day's opening hours, local time; closing at or before opening runs past midnight."""

    model_config = ConfigDict(extra="forbid")

    abre: Hora
    fecha: Hora = Field(examples=["18:00"])


class Expediente(BaseModel):
    """The weekly schedule: an omitted day is closed."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"minProperties": 1})

    seg: Horario | SkipJsonSchema[None] = None
    ter: Horario | SkipJsonSchema[None] = None
    qua: Horario | SkipJsonSchema[None] = None
    qui: Horario | SkipJsonSchema[None] = None
    sex: Horario | SkipJsonSchema[None] = None
    sab: Horario | SkipJsonSchema[None] = None
    dom: Horario | SkipJsonSchema[None] = None

    @field_validator(*DIAS, mode="before")
    @classmethod
    def _omitir_para_fechar(cls, value: object) -> object:
        if value is None:  # the schema has no null: a closed day is left out
            raise ValueError("omita o dia para deixá-lo fechado")
        return value

    @model_validator(mode="after")
    def _algum_dia_aberto(self) -> Self:
        if not self.como_config():
            raise ValueError("expediente: informe ao menos um dia aberto")
        return self

    def como_config(self) -> dict[str, list[str]]:
        return {
            dia: [horario.abre, horario.fecha]
            for dia in DIAS
            if (horario := getattr(self, dia)) is not None
        }


class ConfiguracaoUpdate(BaseModel):
    """What an empresa's own admin sets for it. Omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    janela_reabertura_dias: JanelaReabertura | None = Field(
        default=None,
        description=(
            "Por quantos dias depois de resolvido um chamado é reaberto quando o cliente volta "
            "a escrever; depois disso a mensagem abre um chamado novo, ligado ao antigo"
        ),
        examples=[7],
    )
    fuso_horario: FusoHorario | None = Field(
        default=None, description="Fuso das horas úteis do SLA", examples=["America/Sao_Paulo"]
    )
    expediente: Expediente | None = Field(
        default=None,
        description="Horário de atendimento por dia da semana (dia omitido: fechado)",
        examples=[{"seg": {"abre": "08:00", "fecha": "18:00"}}],
    )
    folgas: list[DataIso] | None = Field(
        default=None,
        max_length=366,
        json_schema_extra={"uniqueItems": True},
        description="Dias sem expediente além dos feriados nacionais (ex.: feriados locais)",
        examples=[["2026-12-24", "2026-12-31"]],
    )

    links: LinksEmpresa | None = Field(
        default=None,
        description=(
            "Links usados nas respostas automáticas; substitui os anteriores (omitido: some). "
            "Sem o link de que uma resposta precisa, a mensagem vai para um atendente"
        ),
    )

    cobranca: CobrancaEmpresa | None = Field(
        default=None,
        description=(
            "Dados de recebimento para os boletos e PIX das faturas; substitui os anteriores"
        ),
    )

    @field_validator("folgas")
    @classmethod
    def _sem_repetidas(cls, value: list[date] | None) -> list[date] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("folgas: datas repetidas")
        return value


class EmpresaResponse(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    nome: str
    slug: str
    ativa: bool
    janela_reabertura_dias: int
    fuso_horario: str
    expediente: dict[str, Horario] = Field(description="Horário de atendimento da semana")
    folgas: list[date]
    links: dict[str, str] = Field(description="Links das respostas automáticas")
    cobranca: dict[str, str] = Field(description="Dados de recebimento de boletos e PIX")
    data_criacao: datetime

    @field_validator("expediente", mode="before")
    @classmethod
    def _expediente(cls, value: object) -> object:
        dias = EXPEDIENTE_PADRAO if value is None else value
        return {dia: {"abre": h[0], "fecha": h[1]} for dia, h in dias.items()}  # type: ignore[union-attr]

    @field_validator("folgas", "links", "cobranca", mode="before")
    @classmethod
    def _vazio(cls, value: object, info) -> object:
        return value or ([] if info.field_name == "folgas" else {})
