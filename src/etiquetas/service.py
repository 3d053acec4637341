"""Labels: admins keep the empresa's vocabulary; any operator labels tickets with it."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados import service as chamados
from src.chamados.events import EtiquetasAlteradas
from src.chamados.exceptions import ChamadoFechadoError
from src.core import events
from src.core.errors import ConflictError, NotFoundError
from src.equipes.exceptions import ReferenciaInexistenteError
from src.etiquetas.repository import EtiquetaRepository
from src.etiquetas.schemas import EtiquetaCreate
from src.models import Chamado, Etiqueta, StatusChamado, Usuario


class EtiquetaNotFoundError(NotFoundError):
    code = "etiqueta_not_found"
    detail = "Etiqueta não encontrada"


class EtiquetaEmUsoError(ConflictError):
    code = "etiqueta_existente"
    detail = "Já existe uma etiqueta com esse nome nesta empresa"


async def listar(session: AsyncSession) -> Sequence[Etiqueta]:
    return await EtiquetaRepository(session).todas()


async def criar(session: AsyncSession, data: EtiquetaCreate) -> Etiqueta:
    repository = EtiquetaRepository(session)
    if await repository.id_por_nome(data.nome) is not None:
        raise EtiquetaEmUsoError()
    try:
        return await repository.add(Etiqueta(nome=data.nome, cor=data.cor))
    except IntegrityError as exc:  # a concurrent request took the name
        raise EtiquetaEmUsoError() from exc


async def apagar(session: AsyncSession, etiqueta_id: int, usuario: Usuario) -> None:
    """Takes the label off every ticket (each one recorded), then deletes it."""
    repository = EtiquetaRepository(session)
    etiqueta = await repository.get(etiqueta_id)
    if etiqueta is None:
        raise EtiquetaNotFoundError()
    ids = {etiqueta.nome: etiqueta.id}
    for chamado in await repository.chamados_com(etiqueta.id):
        restantes = [nome for nome in chamado.etiquetas if nome != etiqueta.nome]
        await _registrar(session, chamado, restantes, ids, usuario.id)
    await session.delete(etiqueta)
    await session.flush()


async def etiquetar(
    session: AsyncSession, chamado_id: int, nomes: list[str], usuario: Usuario
) -> Chamado:
    chamado = await chamados.get_for_update(session, chamado_id)
    if chamado.status == StatusChamado.FECHADO:
        raise ChamadoFechadoError()
    nomes = list(dict.fromkeys(nomes))  # the same label twice is once
    # One read for the new names and the ones being taken off.
    envolvidas = list(dict.fromkeys([*nomes, *(chamado.etiquetas or [])]))
    repository = EtiquetaRepository(session)
    ids = {e.nome: e.id for e in await repository.por_nomes(envolvidas)} if envolvidas else {}
    desconhecidas = [nome for nome in nomes if nome not in ids]
    if desconhecidas:
        raise ReferenciaInexistenteError(
            f"etiquetas: não existem nesta empresa: {', '.join(desconhecidas)}"
        )
    await _registrar(session, chamado, nomes, ids, usuario.id)
    return chamado


async def _registrar(
    session: AsyncSession, chamado: Chamado, nomes: list[str], ids: dict[str, int], usuario_id: int
) -> None:
    """`ids`: the labels' ids by name, for every name added or taken off."""
    antes = list(chamado.etiquetas or [])
    adicionadas = [nome for nome in nomes if nome not in antes]
    removidas = [nome for nome in antes if nome not in nomes]
    if not adicionadas and not removidas:
        return
    repository = EtiquetaRepository(session)
    await repository.desligar(chamado.id, [ids[n] for n in removidas if n in ids])
    await repository.ligar(chamado.id, [ids[n] for n in adicionadas])
    chamado.etiquetas = nomes
    await session.flush()
    await events.emit(
        session, EtiquetasAlteradas(chamado, tuple(adicionadas), tuple(removidas), usuario_id)
    )
