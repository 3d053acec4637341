"""Equipes: who works which intents' tickets, and who leads them (admins manage them)."""

from collections.abc import Iterable, Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.atribuicao import service as atribuicao
from src.core.pagination import PageParams
from src.equipes.exceptions import (
    EquipeNomeEmUsoError,
    EquipeNotFoundError,
    IntencaoEmOutraEquipeError,
    ReferenciaInexistenteError,
)
from src.equipes.repository import EquipeRepository
from src.equipes.schemas import EquipeCreate, EquipeResponse, EquipeUpdate, MembroResponse
from src.models import Equipe, EquipeMembro


async def create_equipe(
    session: AsyncSession, data: EquipeCreate, catalogo: Iterable[str]
) -> EquipeResponse:
    equipes = EquipeRepository(session)
    if await equipes.nome_em_uso(data.nome):
        raise EquipeNomeEmUsoError()
    intencoes = data.intencoes or []
    await _check_intencoes(equipes, intencoes, catalogo, equipe_id=None)
    membros = _com_lideres(data.membros or [], data.lideres)
    await _check_membros(equipes, membros)
    try:
        equipe = await equipes.add(Equipe(nome=data.nome, intencoes=intencoes))
    except IntegrityError as exc:  # a concurrent request took the name
        raise EquipeNomeEmUsoError() from exc
    await equipes.substituir_membros(equipe.id, _membros(equipe.id, membros, data.lideres))
    atribuicao.rotas_alteradas(session)
    return (await _responses(equipes, [equipe]))[0]


async def update_equipe(
    session: AsyncSession, equipe_id: int, data: EquipeUpdate, catalogo: Iterable[str]
) -> EquipeResponse:
    equipes = EquipeRepository(session)
    equipe = await _get(equipes, equipe_id)
    if data.nome is not None and data.nome != equipe.nome:
        if await equipes.nome_em_uso(data.nome, exceto=equipe.id):
            raise EquipeNomeEmUsoError()
        equipe.nome = data.nome
    if data.intencoes is not None:
        await _check_intencoes(equipes, data.intencoes, catalogo, equipe_id=equipe.id)
        equipe.intencoes = data.intencoes
    if data.membros is not None or data.lideres is not None:
        membros = data.membros
        if membros is None:  # new leads: the current members stay
            membros = [row.usuario_id for row in await equipes.membros([equipe.id])]
        membros = _com_lideres(membros, data.lideres)
        await _check_membros(equipes, membros)
        await equipes.substituir_membros(equipe.id, _membros(equipe.id, membros, data.lideres))
    try:
        await session.flush()
    except IntegrityError as exc:
        raise EquipeNomeEmUsoError() from exc
    atribuicao.rotas_alteradas(session)
    return (await _responses(equipes, [equipe]))[0]


async def get_equipe(session: AsyncSession, equipe_id: int) -> EquipeResponse:
    equipes = EquipeRepository(session)
    return (await _responses(equipes, [await _get(equipes, equipe_id)]))[0]


async def list_equipes(session: AsyncSession, page: PageParams) -> list[EquipeResponse]:
    equipes = EquipeRepository(session)
    return await _responses(equipes, await equipes.list(page))


async def delete_equipe(session: AsyncSession, equipe_id: int, usuario_id: int) -> None:
    equipes = EquipeRepository(session)
    equipe = await _get(equipes, equipe_id)
    await atribuicao.sem_equipe(session, equipe.id, usuario_id)
    await equipes.remove(equipe)
    atribuicao.rotas_alteradas(session)


async def _get(equipes: EquipeRepository, equipe_id: int) -> Equipe:
    equipe = await equipes.get(equipe_id)
    if equipe is None:
        raise EquipeNotFoundError()
    return equipe


async def _check_intencoes(
    equipes: EquipeRepository, intencoes: list[str], catalogo: Iterable[str], equipe_id: int | None
) -> None:
    desconhecidas = sorted(set(intencoes) - set(catalogo))
    if desconhecidas:
        raise ReferenciaInexistenteError(
            f"intencoes: fora do catálogo da triagem: {', '.join(desconhecidas)}"
        )
    for outra_id, outra_nome, outras in await equipes.intencoes_por_equipe():
        tomada = next((i for i in intencoes if i in outras), None)
        if outra_id != equipe_id and tomada is not None:
            raise IntencaoEmOutraEquipeError(tomada, outra_nome)


async def _check_membros(equipes: EquipeRepository, membros: list[int]) -> None:
    # Another empresa's operator is as unknown here as one that does not exist.
    ausentes = sorted(set(membros) - await equipes.usuarios_existentes(membros))
    if ausentes:
        lista = ", ".join(str(usuario_id) for usuario_id in ausentes)
        raise ReferenciaInexistenteError(f"membros: usuários inexistentes nesta empresa: {lista}")


def _com_lideres(membros: list[int], lideres: list[int] | None) -> list[int]:
    """Leads are members: one not listed among the members joins the team."""
    return membros + [lider for lider in lideres or () if lider not in membros]


def _membros(equipe_id: int, membros: list[int], lideres: list[int] | None) -> list[EquipeMembro]:
    return [
        EquipeMembro(
            equipe_id=equipe_id, usuario_id=usuario_id, lider=usuario_id in (lideres or ())
        )
        for usuario_id in membros
    ]


async def _responses(equipes: EquipeRepository, rows: Sequence[Equipe]) -> list[EquipeResponse]:
    por_equipe: dict[int, list[MembroResponse]] = {equipe.id: [] for equipe in rows}
    for equipe_id, usuario_id, username, lider in await equipes.membros(list(por_equipe)):
        por_equipe[equipe_id].append(
            MembroResponse(usuario_id=usuario_id, username=username, lider=lider)
        )
    return [
        EquipeResponse(
            id=equipe.id,
            nome=equipe.nome,
            intencoes=list(equipe.intencoes),
            membros=por_equipe[equipe.id],
            data_criacao=equipe.data_criacao,
        )
        for equipe in rows
    ]
