"""Métricas from the counters, without HTTP, on a session rolled back after each test."""

import pytest

from src.chamados import service as chamados
from src.chamados.schemas import ChamadoCreate
from src.clientes.repository import ClienteRepository
from src.core.tenancy import bind_all_empresas, bind_empresa, bound_empresa
from src.metricas import service
from src.metricas.repository import ContadorRepository
from src.models import Cliente, StatusChamado, Usuario


async def test_counters_follow_the_writes_and_a_rebuild_agrees(session, app):
    cliente = await ClienteRepository(session).add(Cliente(nome="Maria", email="m@exemplo.com.br"))
    autor = await ClienteRepository(session).add(
        Usuario(username="ana", email="ana@empresa.com.br", hashed_password="x")
    )
    for mensagem in ("preciso da segunda via do boleto", "meu sistema está com erro grave"):
        data = ChamadoCreate(cliente_id=cliente.id, canal="email", mensagem=mensagem)
        chamado = await chamados.create_chamado(session, data, autor, app.state.triador)
    await chamados.change_status(session, chamado.id, StatusChamado.RESOLVIDO, autor)

    live = await service.metricas_gerais(session)
    por_status = await service.metricas_por_status(session)
    assert live.total_chamados == 2
    assert live.total_clientes == 1
    assert sum(por_status.values()) == 2

    empresa_id = bound_empresa(session)
    bind_all_empresas(session)  # a rebuild is maintenance: it recounts every empresa
    await ContadorRepository(session).rebuild()
    bind_empresa(session, empresa_id)
    rebuilt = await service.metricas_gerais(session)
    # SQLite recounts seconds through julianday(), exact to about a millisecond only.
    assert rebuilt.tempo_medio_resposta_segundos == pytest.approx(
        live.tempo_medio_resposta_segundos, abs=0.005
    )
    assert rebuilt.model_dump(exclude={"tempo_medio_resposta_segundos"}) == live.model_dump(
        exclude={"tempo_medio_resposta_segundos"}
    )
    assert await service.metricas_por_status(session) == por_status
