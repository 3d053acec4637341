"""The empresa boundary in the session (src/core/tenancy.py): statements it cannot scope are
refused, never run unscoped."""

import gc

import pytest
from sqlalchemy import column, func, insert, select, table, text

from src.core import tenancy
from src.core.tenancy import ALL_EMPRESAS, TenantBoundaryError, bound_empresa
from src.models import Chamado, Cliente, ContadorChamados, Empresa


async def _other_empresa(session) -> int:
    empresa = Empresa(nome="Outra", slug="outra")
    session.add(empresa)
    await session.flush()
    return empresa.id


async def _a_cliente_in_each_empresa(session) -> None:
    """ "Minha" in the session's empresa, "Dela" in another one."""
    other = await _other_empresa(session)
    session.add(Cliente(nome="Minha", email="minha@x.com.br"))
    await session.flush()
    await session.execute(
        insert(Cliente.__table__).execution_options(**ALL_EMPRESAS),
        {"nome": "Dela", "email": "dela@x.com.br", "empresa_id": other},
    )


async def test_reads_see_only_the_bound_empresa(session):
    await _a_cliente_in_each_empresa(session)
    names = (await session.scalars(select(Cliente.nome))).all()
    assert names == ["Minha"]
    every = select(Cliente.nome).order_by(Cliente.nome).execution_options(**ALL_EMPRESAS)
    assert (await session.scalars(every)).all() == ["Dela", "Minha"]


async def test_raw_table_columns_are_refused_even_with_an_orm_order_by(session):
    # The shape of a real leak the isolation walk found: raw columns keep the FROM unscoped.
    statement = select(*Chamado.__table__.columns).order_by(Chamado.id.desc())
    with pytest.raises(TenantBoundaryError):
        await session.execute(statement)


async def test_a_plain_core_select_is_scoped_and_a_hidden_tenant_table_is_refused(session):
    await _a_cliente_in_each_empresa(session)
    clientes = Cliente.__table__
    assert (await session.execute(select(clientes.c.nome))).scalars().all() == ["Minha"]
    # A tenant table inside a subquery is out of reach of a FROM condition: refused, even when
    # it is the same table as the outer one.
    for inner in (select(Chamado.__table__.c.cliente_id), select(clientes.c.id)):
        hidden = select(clientes.c.nome).where(clientes.c.id.in_(inner))
        with pytest.raises(TenantBoundaryError):
            await session.execute(hidden)


async def test_inserts_are_stamped_and_another_empresa_is_refused(session):
    other = await _other_empresa(session)
    await session.execute(insert(Cliente.__table__), {"nome": "A", "email": "a@x.com.br"})
    stamped = await session.scalar(select(Cliente.empresa_id).where(Cliente.email == "a@x.com.br"))
    assert stamped == bound_empresa(session)
    with pytest.raises(TenantBoundaryError):
        await session.execute(
            insert(Cliente.__table__), {"nome": "B", "email": "b@x.com.br", "empresa_id": other}
        )
    session.add(Cliente(nome="C", email="c@x.com.br", empresa_id=other))
    with pytest.raises(TenantBoundaryError):
        await session.flush()


async def test_a_session_bound_to_no_empresa_refuses_tenant_tables(app):
    async with app.state.sessionmaker() as session:
        with pytest.raises(TenantBoundaryError):
            await session.execute(select(Cliente.id))
        with pytest.raises(TenantBoundaryError):
            await session.execute(insert(Cliente.__table__), {"nome": "X", "email": "x@x.com.br"})
        # Tables that are not an empresa's own rows stay readable (the empresas themselves).
        assert await session.scalar(select(Empresa.slug)) == "padrao"


async def test_orm_statements_reaching_a_tenant_table_through_raw_columns_are_refused(session):
    # An ORM subquery carries the empresa parameter, yet the sums would count every empresa.
    contadores = ContadorChamados.__table__
    statement = select(
        func.sum(contadores.c.total), select(func.count(Cliente.id)).scalar_subquery()
    ).where(contadores.c.dimensao == "geral")
    with pytest.raises(TenantBoundaryError):
        await session.execute(statement)


async def test_sql_text_and_lightweight_tables_cannot_slip_past(session):
    with pytest.raises(TenantBoundaryError):
        await session.execute(text("SELECT nome FROM clientes"))
    marked = text("SELECT 1").execution_options(**ALL_EMPRESAS)
    assert (await session.execute(marked)).scalar() == 1
    await _a_cliente_in_each_empresa(session)
    light = table("clientes", column("nome"), column("empresa_id"))
    assert (await session.execute(select(light.c.nome))).scalars().all() == ["Minha"]


async def test_an_empresa_written_into_the_statement_or_a_foreign_delete_is_refused(session):
    other = await _other_empresa(session)
    values = {"nome": "B", "email": "b@x.com.br", "empresa_id": other}
    with pytest.raises(TenantBoundaryError):
        await session.execute(insert(Cliente.__table__).values(**values))
    await session.execute(insert(Cliente.__table__).execution_options(**ALL_EMPRESAS), values)
    theirs = await session.scalar(select(Cliente).execution_options(**ALL_EMPRESAS))
    await session.delete(theirs)
    with pytest.raises(TenantBoundaryError):
        await session.flush()


async def test_statements_built_per_call_are_not_kept_alive(session):
    gc.collect()
    before = len(tenancy._SCOPED)
    for n in range(50):
        await session.execute(select(Empresa.id).where(Empresa.id == n))
        await session.execute(select(Cliente.id).where(Cliente.id == n))
    gc.collect()
    assert len(tenancy._SCOPED) - before < 10
