"""Chamados service and repository, without HTTP, on a session rolled back after each test."""

from sqlalchemy import func, select

from src.chamados import service
from src.chamados.repository import ChamadoRepository, FiltroChamados
from src.chamados.schemas import ChamadoCreate
from src.clientes.repository import ClienteRepository
from src.core.pagination import PageParams
from src.models import Chamado, Cliente, ContadorChamados, Usuario

PAGE = PageParams(skip=0, limit=10)


async def _cliente(session, email: str = "maria@exemplo.com.br") -> Cliente:
    return await ClienteRepository(session).add(Cliente(nome="Maria", email=email))


async def _operador(session) -> Usuario:
    usuario = Usuario(username="ana", email="ana@empresa.com.br", hashed_password="x")
    session.add(usuario)
    await session.flush()
    return usuario


async def test_a_column_left_unset_gets_its_default_on_the_fast_insert(session):
    """The Core INSERT used to send every column, so an unset one went in as NULL instead of
    its default (the trap a new column with a default, like an SLA due time, would fall in)."""
    cliente = await _cliente(session)
    chamado = Chamado(
        cliente_id=cliente.id, canal="site", mensagem="oi", intencao="geral", prioridade="média"
    )
    await ChamadoRepository(session).insert(chamado)
    assert chamado.id is not None
    stored = await session.get(Chamado, chamado.id)
    assert stored.status == "aberto"
    assert stored.encaminhado_para_humano is False
    assert stored.data_criacao is not None
    assert stored.data_atualizacao is not None
    assert chamado.status == "aberto"  # what the database filled in is on the object too


async def test_creating_a_chamado_moves_the_counters_in_the_same_transaction(session, app):
    cliente = await _cliente(session)
    autor = await _operador(session)
    data = ChamadoCreate(cliente_id=cliente.id, canal="whatsapp", mensagem="preciso da 2 via")
    chamado = await service.create_chamado(session, data, autor, app.state.triador)
    totals = dict(
        (
            await session.execute(
                select(ContadorChamados.dimensao, func.sum(ContadorChamados.total))
                .where(ContadorChamados.valor.in_(["*", "whatsapp", chamado.status]))
                .group_by(ContadorChamados.dimensao)
            )
        ).all()
    )
    assert totals == {"geral": 1, "canal": 1, "status": 1}


async def test_lists_compose_any_combination_of_filters(session):
    cliente = await _cliente(session)
    outro = await _cliente(session, "jose@exemplo.com.br")
    repository = ChamadoRepository(session)
    for dono, canal in ((cliente, "site"), (cliente, "email"), (outro, "site")):
        await repository.insert(
            Chamado(
                cliente_id=dono.id,
                canal=canal,
                mensagem="oi",
                intencao="geral",
                prioridade="média",
            )
        )
    combos = {
        FiltroChamados(): 3,
        FiltroChamados(canal="site"): 2,
        FiltroChamados(cliente_id=cliente.id, canal="site"): 1,
        FiltroChamados(cliente_id=outro.id, canal="email", status="aberto"): 0,
        FiltroChamados(status="aberto", cliente_id=cliente.id): 2,
    }
    for filtro, expected in combos.items():
        assert len(await repository.list(PAGE, filtro)) == expected, filtro
