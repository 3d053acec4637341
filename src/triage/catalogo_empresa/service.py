"""An empresa's own triage catalog: admins change the bundled intents (answer, priority,
team, automatic or not, extra examples), create intents of their own and set thresholds.

What a request needs is `perfil` (cached per process like the SLA calendar): the empresa's
intents and thresholds under a version that changes with any of them. `por_empresa.py` turns
it into the empresa's Triador.
"""

from dataclasses import dataclass

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
# Never answered automatically: the fallback and what has nothing to read.
SEMPRE_PARA_PESSOAS = frozenset({"geral", "vazio"})


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
    conteudo = {"intencoes": [_conteudo(i) for i in intencoes], "limiares": limiares}
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


def _conteudo(intencao: Intencao) -> dict:
    return {
        "nome": intencao.nome,
        "descricao": intencao.descricao,
        "prioridade": intencao.prioridade,
        "automatica": intencao.resposta_automatica,
        "resposta": intencao.resposta,
        "encaminhamento": intencao.resposta_encaminhamento,
        "equipe": intencao.equipe,
        "exemplos": list(intencao.exemplos),
    }


async def catalogo_efetivo(session: AsyncSession, base: Catalog) -> tuple[Catalog, set[str]]:
    """The empresa's catalog as it stands in this transaction (not the cached one), and the
    names of the intents it changed or created."""
    proprio = await _carregar(session, base)
    catalogo = base.personalizado(proprio.intencoes, proprio.versao) if proprio.versao else base
    return catalogo, {i.nome for i in proprio.intencoes}


def _alterado(session: AsyncSession) -> None:
    _perfis.invalidar_ao_confirmar(session, bound_empresa(session))


async def alterar(
    session: AsyncSession, nome: str, data: IntencaoUpdate, catalogo: Catalog
) -> None:
    """Change an intent of the empresa's catalog (`catalogo`: the one it uses now)."""
    atual = catalogo.get(nome)
    if atual is None:
        raise IntencaoNotFoundError()
    automatica = data.resposta_automatica
    if automatica and (nome in SEMPRE_PARA_PESSOAS or atual.conversa):
        raise IntencaoNaoAutomaticaError()
    repository = CatalogoEmpresaRepository(session)
    row = await repository.por_nome(nome)
    if row is None:
        row = IntencaoEmpresa(
            nome=nome,
            descricao=atual.descricao,
            prioridade=atual.prioridade,
            resposta_automatica=atual.resposta_automatica,
            resposta=atual.resposta,
            resposta_encaminhamento=atual.resposta_encaminhamento,
            equipe=atual.equipe,
            exemplos=[],
        )
        session.add(row)
    for campo, valor in data.model_dump(exclude_unset=True).items():
        if valor is not None or campo in ("resposta_encaminhamento", "equipe"):
            setattr(row, campo, valor)
    row.data_atualizacao = utcnow()
    await _gravar(session)


async def criar(session: AsyncSession, data: IntencaoCreate, catalogo: Catalog) -> None:
    if data.nome in catalogo:
        raise IntencaoExistenteError()
    session.add(IntencaoEmpresa(**data.model_dump()))
    await _gravar(session)


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
