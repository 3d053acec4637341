"""Queues and assignment: which team's queue a ticket is in, and who works it.

A ticket handed to people goes to a team's queue: the team of the empresa that lists its intent,
else the team named after the catalog's default for it, else the general queue (every operator).
It is then given to an available operator of that queue: `online`, below their capacity of open
tickets, the least loaded first, ties to whoever got one longest ago (round-robin). With nobody
available it waits unassigned, and is taken when someone comes online or frees a slot.
"""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.atribuicao.exceptions import (
    AtendenteForaDaEquipeError,
    AtendenteIndisponivelError,
    AtribuicaoVaziaError,
)
from src.chamados.atribuicao.repository import AtribuicaoRepository
from src.chamados.atribuicao.schemas import AtribuicaoCreate, DisponibilidadeResponse
from src.chamados.events import AtribuicaoAlterada, EquipeDesfeita
from src.chamados.exceptions import ChamadoFechadoError, ChamadoNotFoundError
from src.chamados.repository import ChamadoRepository
from src.core import events
from src.core.cache import CachePorEmpresa
from src.core.tenancy import bound_empresa
from src.equipes.exceptions import EquipeNotFoundError, ReferenciaInexistenteError
from src.equipes.repository import EquipeRepository
from src.models import STATUS_EM_ABERTO, Chamado, Disponibilidade, StatusChamado, Usuario
from src.models.base import utcnow
from src.usuarios.repository import UsuarioRepository

# Concurrent assignments rarely fill more than one candidate's last slot at once.
MAX_TENTATIVAS = 3
# The empresa's teams and their intents, read by every ticket handed to people, are kept per
# process for this long (src/core/cache.py); /equipes forgets them on every change.
ROTAS_TTL_SECONDS = 30.0
_rotas: CachePorEmpresa[tuple] = CachePorEmpresa(ROTAS_TTL_SECONDS)


def rotas_alteradas(session: AsyncSession) -> None:
    """A team, its name or its intents changed in this transaction."""
    _rotas.invalidar_ao_confirmar(session, bound_empresa(session))


async def _equipes(session: AsyncSession, repository: AtribuicaoRepository) -> tuple:
    async def carregar() -> tuple:
        rows = await repository.equipes()
        return tuple((id_, nome, tuple(intencoes)) for id_, nome, intencoes in rows)

    return await _rotas.obter(bound_empresa(session), carregar)


def equipe_para(equipes: Sequence, intencao: str, equipe_padrao: str | None) -> int | None:
    """The team that lists the intent; else the one named as the catalog's default."""
    for equipe_id, _, intencoes in equipes:
        if intencao in intencoes:
            return equipe_id
    if equipe_padrao:
        for equipe_id, nome, _ in equipes:
            if nome.casefold() == equipe_padrao.casefold():
                return equipe_id
    return None


async def encaminhar(session: AsyncSession, chamado: Chamado, equipe_padrao: str | None) -> None:
    """A new ticket for people: into its team's queue, then to someone if anyone is free."""
    repository = AtribuicaoRepository(session)
    equipe_id = equipe_para(await _equipes(session, repository), chamado.intencao, equipe_padrao)
    await _distribuir(session, repository, chamado, equipe_id)


async def redistribuir(session: AsyncSession, chamado: Chamado) -> None:
    """Back in a queue without an operator (reopened, released): give it to someone."""
    await _distribuir(session, AtribuicaoRepository(session), chamado, chamado.equipe_id)


async def _distribuir(
    session: AsyncSession, repository: AtribuicaoRepository, chamado: Chamado, equipe_id: int | None
) -> None:
    atendente_id = await _escolher(repository, equipe_id)
    await _atribuir(session, chamado, atendente_id, equipe_id, None, "automatica")


async def _escolher(
    repository: AtribuicaoRepository, equipe_id: int | None, excluir: int | None = None
) -> int | None:
    """The queue's best available operator, with their row locked and their load recounted:
    a concurrent assignment that took their last slot first sends us to the next one."""
    recusados = [excluir] if excluir is not None else []
    for _ in range(MAX_TENTATIVAS):
        candidato = await repository.mais_disponivel(equipe_id, recusados)
        if candidato is None:
            return None
        capacidade, carga = await repository.capacidade_e_carga(candidato, travar=True)
        if carga < capacidade:
            return candidato
        recusados.append(candidato)
    return None


async def _atribuir(
    session: AsyncSession,
    chamado: Chamado,
    atendente_id: int | None,
    equipe_id: int | None,
    usuario_id: int | None,
    motivo: str,
) -> None:
    anterior = (chamado.atendente_id, chamado.equipe_id)
    if anterior == (atendente_id, equipe_id):
        return
    chamado.atendente_id, chamado.equipe_id = atendente_id, equipe_id
    chamado.data_atualizacao = utcnow()
    if atendente_id is not None and atendente_id != anterior[0]:
        await UsuarioRepository(session).marcar_atribuicao(atendente_id, chamado.data_atualizacao)
    await session.flush()
    await events.emit(
        session, AtribuicaoAlterada(chamado, anterior[0], anterior[1], usuario_id, motivo)
    )


async def transferir(session: AsyncSession, chamado: Chamado, equipe_id: int, motivo: str) -> None:
    """To another team's queue, and to its next available operator (an SLA escalation)."""
    proximo = None
    if chamado.status in STATUS_EM_ABERTO:
        proximo = await _escolher(AtribuicaoRepository(session), equipe_id)
    await _atribuir(session, chamado, proximo, equipe_id, None, motivo)


async def sem_equipe(session: AsyncSession, equipe_id: int, usuario_id: int) -> None:
    """A team is being deleted: its open tickets go to the general queue (each one recorded),
    the rest just forget it."""
    repository = AtribuicaoRepository(session)
    for chamado in await repository.em_aberto_da_equipe(equipe_id):
        await _atribuir(session, chamado, chamado.atendente_id, None, usuario_id, "manual")
    await repository.soltar_da_equipe(equipe_id)
    await events.emit(session, EquipeDesfeita(equipe_id))


async def sem_atendente(session: AsyncSession, atendente_id: int, usuario_id: int) -> None:
    """An operator was deactivated: each of their open tickets goes to the next available
    operator of its queue, or waits in it (recorded as a hand assignment by `usuario_id`)."""
    repository = AtribuicaoRepository(session)
    for chamado in await repository.em_aberto_do_atendente(atendente_id):
        proximo = await _escolher(repository, chamado.equipe_id, excluir=atendente_id)
        await _atribuir(session, chamado, proximo, chamado.equipe_id, usuario_id, "manual")


async def preencher(session: AsyncSession, usuario_id: int) -> None:
    """Give an operator waiting tickets up to their capacity (they came online or freed one)."""
    repository = AtribuicaoRepository(session)
    usuario = await UsuarioRepository(session).get(usuario_id)
    if usuario is None or not usuario.ativo or usuario.disponibilidade != Disponibilidade.ONLINE:
        return
    capacidade, carga = await repository.capacidade_e_carga(usuario_id, travar=True)
    livre = capacidade - carga
    if livre <= 0:
        return
    for chamado in await repository.fila_para(usuario_id, livre):
        await _atribuir(session, chamado, usuario_id, chamado.equipe_id, None, "automatica")


async def atribuir(
    session: AsyncSession, chamado_id: int, data: AtribuicaoCreate, usuario: Usuario
) -> Chamado:
    """By hand: to an operator, to a team (its queue), or both; `atendente_id: null` puts the
    ticket back in its queue, for the next available operator."""
    fields = data.model_fields_set
    if not fields & {"atendente_id", "equipe_id"}:
        raise AtribuicaoVaziaError()
    chamado = await ChamadoRepository(session).get_for_update(chamado_id)
    if chamado is None:
        raise ChamadoNotFoundError()
    if chamado.status == StatusChamado.FECHADO:
        raise ChamadoFechadoError()
    equipe_id = data.equipe_id if "equipe_id" in fields else chamado.equipe_id
    transferida = equipe_id is not None and equipe_id != chamado.equipe_id
    if transferida and await EquipeRepository(session).get(equipe_id) is None:
        raise EquipeNotFoundError()
    repository = AtribuicaoRepository(session)
    if "atendente_id" in fields and data.atendente_id is not None:
        await _check_atendente(session, repository, data.atendente_id, equipe_id)
        await _atribuir(session, chamado, data.atendente_id, equipe_id, usuario.id, "manual")
        return chamado
    if "atendente_id" not in fields and equipe_id == chamado.equipe_id:
        return chamado  # the team it is already in: nothing to do
    # Released, or moved to another team: that queue's next available operator takes it (not
    # the one who released it).
    proximo = None
    if chamado.status in STATUS_EM_ABERTO:
        proximo = await _escolher(repository, equipe_id, excluir=chamado.atendente_id)
    await _atribuir(session, chamado, proximo, equipe_id, usuario.id, "manual")
    return chamado


async def _check_atendente(
    session: AsyncSession,
    repository: AtribuicaoRepository,
    atendente_id: int,
    equipe_id: int | None,
) -> None:
    atendente = await UsuarioRepository(session).get(atendente_id)
    if atendente is None:  # another empresa's operator is as unknown as a missing one
        raise ReferenciaInexistenteError("atendente_id: usuário inexistente nesta empresa")
    if not atendente.ativo:
        raise AtendenteIndisponivelError()
    if equipe_id is not None and not await repository.na_equipe(equipe_id, atendente_id):
        raise AtendenteForaDaEquipeError()


async def definir_disponibilidade(
    session: AsyncSession, usuario: Usuario, status: Disponibilidade
) -> DisponibilidadeResponse:
    usuario.disponibilidade = status
    await session.flush()
    if status == Disponibilidade.ONLINE:
        await preencher(session, usuario.id)
    return await disponibilidade(session, usuario)


async def disponibilidade(session: AsyncSession, usuario: Usuario) -> DisponibilidadeResponse:
    capacidade, carga = await AtribuicaoRepository(session).capacidade_e_carga(usuario.id)
    return DisponibilidadeResponse(
        usuario_id=usuario.id,
        status=usuario.disponibilidade,
        capacidade=capacidade,
        chamados_em_aberto=carga,
    )
