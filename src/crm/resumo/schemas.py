from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from src.clientes.schemas import ClienteResponse
from src.crm.contratos.schemas import ContratoResponse
from src.crm.dinheiro import Reais
from src.crm.faturas.schemas import FaturaResponse
from src.crm.pagamentos.schemas import PagamentoResponse


class ChamadoRecente(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    canal: str
    status: str
    prioridade: str
    intencao: str
    mensagem: str = Field(description="Início da primeira mensagem")
    data_criacao: datetime


class ResumoCliente(BaseModel):
    cliente: ClienteResponse
    contratos: list[ContratoResponse] = Field(description="Do mais novo ao mais antigo")
    faturas_em_aberto: list[FaturaResponse] = Field(
        description="Abertas e vencidas, da que vence primeiro"
    )
    total_em_aberto: Reais = Field(description="Soma do que falta pagar, sem encargos")
    ultimos_pagamentos: list[PagamentoResponse]
    chamados_recentes: list[ChamadoRecente]
