"""Empresas: the platform administrator creates, lists, renames and deactivates them; each
empresa's admin sets how its help desk works."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from src.chamados.sla import service as sla
from src.core import events
from src.core.cache import CachePorEmpresa
from src.core.pagination import PageParams
from src.core.tenancy import bind_empresa
from src.empresas.events import FusoAlterado
from src.empresas.exceptions import EmpresaNotFoundError, EmpresaPadraoError, SlugTakenError
from src.empresas.repository import EmpresaRepository
from src.empresas.schemas import ConfiguracaoUpdate, EmpresaCreate, EmpresaUpdate
from src.models import EMPRESA_PADRAO_SLUG, Empresa, Papel
from src.usuarios import service as usuarios
from src.usuarios.repository import UsuarioRepository
from src.usuarios.schemas import UsuarioCreate


async def create_empresa(session: AsyncSession, data: EmpresaCreate) -> Empresa:
    """The empresa and, when given, its first admin: both or neither (one transaction)."""
    empresas = EmpresaRepository(session)
    if await empresas.get_by_slug(data.slug) is not None:
        raise SlugTakenError()
    try:
        empresa = await empresas.add(Empresa(nome=data.nome, slug=data.slug))
    except IntegrityError as exc:  # a concurrent request took the slug
        raise SlugTakenError() from exc
    if data.admin is not None:
        # From here on this request acts for the new empresa: the admin is created in it.
        bind_empresa(session, empresa.id)
        admin = UsuarioCreate(**data.admin.model_dump(), papel=Papel.ADMIN)
        await usuarios.create_usuario(session, admin)
    return empresa


async def get_empresa(session: AsyncSession, empresa_id: int) -> Empresa:
    empresa = await EmpresaRepository(session).get(empresa_id)
    if empresa is None:
        raise EmpresaNotFoundError()
    return empresa


# The empresa's name and links, filled into every automatic answer (src/core/cache.py).
_valores_respostas: CachePorEmpresa[dict[str, str]] = CachePorEmpresa(ttl_seconds=30.0)


async def valores_das_respostas(session: AsyncSession, empresa_id: int) -> dict[str, str]:
    """`{{empresa.*}}` of the triage's answers: {"empresa.nome": ..., "empresa.link_x": ...}."""

    async def carregar() -> dict[str, str]:
        empresa = await get_empresa(session, empresa_id)
        links = {f"empresa.link_{nome}": url for nome, url in (empresa.links or {}).items()}
        return {"empresa.nome": empresa.nome, **links}

    return await _valores_respostas.obter(empresa_id, carregar)


async def list_empresas(session: AsyncSession, page: PageParams) -> Sequence[Empresa]:
    return await EmpresaRepository(session).list(page)


async def update_empresa(session: AsyncSession, empresa_id: int, data: EmpresaUpdate) -> Empresa:
    empresa = await get_empresa(session, empresa_id)
    if data.nome is not None:
        empresa.nome = data.nome
        _valores_respostas.invalidar_ao_confirmar(session, empresa.id)
    if data.ativa is not None and data.ativa != empresa.ativa:
        if not data.ativa:
            await _deactivate(session, empresa)
        empresa.ativa = data.ativa
    await session.flush()
    return empresa


async def configure_empresa(
    session: AsyncSession, empresa_id: int, data: ConfiguracaoUpdate
) -> Empresa:
    empresa = await get_empresa(session, empresa_id)
    if data.janela_reabertura_dias is not None:
        empresa.janela_reabertura_dias = data.janela_reabertura_dias
    if data.fuso_horario is not None and data.fuso_horario != empresa.fuso_horario:
        empresa.fuso_horario = data.fuso_horario
        await session.flush()
        await events.emit(session, FusoAlterado(empresa.id))
    if data.expediente is not None:
        empresa.expediente = data.expediente.como_config()
    if data.folgas is not None:
        empresa.folgas = sorted(dia.isoformat() for dia in data.folgas)
    if data.links is not None:
        empresa.links = data.links.como_config()
        _valores_respostas.invalidar_ao_confirmar(session, empresa.id)
    if data.cobranca is not None:
        empresa.cobranca = data.cobranca.como_config()
    await session.flush()
    sla.config_alterada(session, empresa.id)  # new tickets count business time on the new calendar
    return empresa


async def _deactivate(session: AsyncSession, empresa: Empresa) -> None:
    if empresa.slug == EMPRESA_PADRAO_SLUG:
        raise EmpresaPadraoError()
    # The token check already refuses an inactive empresa's accounts; new token versions also
    # keep the old tokens dead if the empresa is reactivated before they expire.
    bind_empresa(session, empresa.id)
    await UsuarioRepository(session).revoke_all_tokens()
