"""Everything an operator (or an agent) needs about a customer, in one call."""

from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from src.clientes.schemas import ClienteResponse
from src.clientes.service import get_cliente
from src.crm import calendario
from src.crm.contratos import service as contratos
from src.crm.contratos.repository import ContratoRepository
from src.crm.faturas import service as faturas
from src.crm.faturas.repository import FaturaRepository
from src.crm.pagamentos.schemas import PagamentoResponse
from src.crm.resumo.repository import ResumoRepository
from src.crm.resumo.schemas import ChamadoRecente, ResumoCliente

TRECHO = 200


async def resumo(session: AsyncSession, cliente_id: int, *, admin: bool) -> ResumoCliente:
    cliente = await get_cliente(session, cliente_id)
    hoje = await calendario.hoje(session)
    em_aberto = await FaturaRepository(session).em_aberto_do_cliente(cliente_id)
    leituras = ResumoRepository(session)
    devido = sum(f.valor_centavos - f.pago_centavos for f in em_aberto)
    return ResumoCliente(
        cliente=ClienteResponse.para(cliente, admin=admin),
        contratos=await contratos.respostas(
            session, await ContratoRepository(session).do_cliente(cliente_id)
        ),
        faturas_em_aberto=[faturas.resposta(f, hoje) for f in em_aberto],
        total_em_aberto=Decimal(devido).scaleb(-2),
        ultimos_pagamentos=[
            PagamentoResponse.model_validate(p)
            for p in await leituras.ultimos_pagamentos(cliente_id)
        ],
        chamados_recentes=[
            ChamadoRecente(
                id=c.id,
                canal=c.canal,
                status=c.status,
                prioridade=c.prioridade,
                intencao=c.intencao,
                mensagem=c.mensagem[:TRECHO],
                data_criacao=c.data_criacao,
            )
            for c in await leituras.chamados_recentes(cliente_id)
        ],
    )
