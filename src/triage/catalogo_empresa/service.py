"""An empresa's own triage catalog: admins change the bundled intents (answer, priority,
team, automatic or not, extra examples), create intents of their own and set thresholds.

What a request needs is `perfil` (cached per process like the SLA calendar): the empresa's
intents and thresholds under a version that changes with any of them. `por_empresa.py` turns
it into the empresa's Triador.
"""

from dataclasses import asdict, dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.core.cache import CachePorEmpresa
from src.core.errors import ConflictError, NotFoundError
from src.core.tenancy import bound_empresa
from src.models import IntencaoEmpresa, LimiaresTriagem
from src.models.base import utcnow
from src.triage.catalogo_empresa.repository import CatalogoEmpresaRepository
from src.triage.catalogo_empresa.schemas import IntencaoCreate, IntencaoUpdate, LimiaresUpdate
from src.triage.runtime.catalog import Catalog, Intencao, content_hash

PERFIL_TTL_SECONDS = 30.0


class IntencaoNotFoundError(NotFoundError):
    code = "intencao_not_found"
    detail = "Intenção não encontrada"


class IntencaoExistenteError(ConflictError):
    code = "intencao_existente"
    detail = "Já existe uma intenção com esse nome"


class IntencaoNaoAutomaticaError(ConflictError):
    code = "intencao_nao_automatica"
    detail = "Esta intenção sempre vai para um atendente: não pode ter resposta automática"


@dataclass(frozen=True, slots=True)
class PerfilTriagem:
    """An empresa's own catalog: "" as version when it changed nothing."""

    versao: str = ""
    intencoes: tuple[Intencao, ...] = ()
    limiares: tuple[tuple[str, float], ...] = ()
    # Examples added or intents created: the classifier must be fitted again.
    precisa_ajuste: bool = False


_perfis: CachePorEmpresa[PerfilTriagem] = CachePorEmpresa(PERFIL_TTL_SECONDS)


async def perfil(session: AsyncSession, empresa_id: int, base: Catalog) -> PerfilTriagem:
    return await _perfis.obter(empresa_id, lambda: _carregar(session, base))


async def _carregar(session: AsyncSession, base: Catalog) -> PerfilTriagem:
    repository = CatalogoEmpresaRepository(session)
    intencoes = tuple(_como_intencao(row) for row in await repository.todas())
    limiares_row = await repository.limiares()
    limiares = ()
    if limiares_row is not None:
        limiares = (
            ("min_confidence", limiares_row.confianca_minima),
            ("min_margin", limiares_row.margem_minima),
        )
    if not intencoes and not limiares:
        return PerfilTriagem()
    conteudo = {"intencoes": [asdict(i) for i in intencoes], "limiares": limiares}
    return PerfilTriagem(
        versao=content_hash(conteudo),
        intencoes=intencoes,
        limiares=limiares,
        precisa_ajuste=any(i.exemplos or i.nome not in base for i in intencoes),
    )


def _como_intencao(row: IntencaoEmpresa) -> Intencao:
    return Intencao(
        nome=row.nome,
        descricao=row.descricao,
        prioridade=row.prioridade,
        resposta_automatica=row.resposta_automatica,
        resposta=row.resposta,
        exemplos=tuple(row.exemplos or ()),
        equipe=row.equipe,
        resposta_encaminhamento=row.resposta_encaminhamento,
    )


def _alterado(session: AsyncSession) -> None:
    _perfis.invalidar_ao_confirmar(session, bound_empresa(session))


async def alterar(
    session: AsyncSession, nome: str, data: IntencaoUpdate, base: Catalog
) -> Intencao:
    """Change an intent for the empresa (`base`: the installation's catalog); returns it as
    the empresa now uses it."""
    repository = CatalogoEmpresaRepository(session)
    row = await repository.por_nome(nome)
    padrao = base.get(nome)
    if row is None and padrao is None:
        raise IntencaoNotFoundError()
    # The fallback and the conversation turns always go to (or wait for) a person.
    nunca_automatica = nome == base.fallback or (padrao is not None and padrao.conversa)
    if data.resposta_automatica and nunca_automatica:
        raise IntencaoNaoAutomaticaError()
    if row is None:  # the empresa's first change to a bundled intent: starts as its copy
        row = IntencaoEmpresa(
            nome=nome,
            descricao=padrao.descricao,
            prioridade=padrao.prioridade,
            resposta_automatica=padrao.resposta_automatica,
            resposta=padrao.resposta,
            resposta_encaminhamento=padrao.resposta_encaminhamento,
            equipe=padrao.equipe,
            exemplos=[],
        )
        session.add(row)
    for campo, valor in data.model_dump(exclude_unset=True).items():
        if valor is not None or campo in ("resposta_encaminhamento", "equipe"):
            setattr(row, campo, valor)
    row.data_atualizacao = utcnow()
    await _gravar(session)
    return _como_usada(row, base)


async def criar(session: AsyncSession, data: IntencaoCreate, base: Catalog) -> Intencao:
    if data.nome in base or await CatalogoEmpresaRepository(session).por_nome(data.nome):
        raise IntencaoExistenteError()
    row = IntencaoEmpresa(**data.model_dump())
    session.add(row)
    await _gravar(session)
    return _como_usada(row, base)


def _como_usada(row: IntencaoEmpresa, base: Catalog) -> Intencao:
    """The empresa's row over the bundled intent (its examples added to the bundled ones)."""
    return base.personalizado((_como_intencao(row),), "")[row.nome]


async def restaurar(session: AsyncSession, nome: str, base: Catalog) -> None:
    """A bundled intent back to the installation's version; a created one removed."""
    repository = CatalogoEmpresaRepository(session)
    row = await repository.por_nome(nome)
    if row is None:
        if nome in base:
            return  # already the bundled version
        raise IntencaoNotFoundError()
    await session.delete(row)
    await _gravar(session)


async def definir_limiares(session: AsyncSession, data: LimiaresUpdate) -> None:
    repository = CatalogoEmpresaRepository(session)
    row = await repository.limiares()
    if row is None:
        row = LimiaresTriagem()
        session.add(row)
    row.confianca_minima = data.confianca_minima
    row.margem_minima = data.margem_minima
    await _gravar(session)


async def _gravar(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent request created the same intent
        raise IntencaoExistenteError() from exc
    _alterado(session)
