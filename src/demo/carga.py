"""Fill a fresh install with a demo empresa: plans, customers with contracts, three months of
invoices and payments, operators and tickets triaged by the real pipeline.

Everything goes through the same services the API uses (one transaction per step), so what the
demo shows is what the product does. Random but repeatable: a fixed seed.
"""

import logging
import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from src.chamados import service as chamados
from src.chamados.schemas import ChamadoCreate
from src.clientes.schemas import ClienteCreate
from src.clientes.service import create_cliente
from src.core.tenancy import bind_empresa
from src.crm import calendario
from src.crm.contratos import service as contratos
from src.crm.contratos.schemas import ContratoCreate
from src.crm.faturas import service as faturas
from src.crm.faturas.schemas import FaturaCreate
from src.crm.pagamentos import service as pagamentos
from src.crm.pagamentos.schemas import PagamentoCreate
from src.crm.planos import service as planos
from src.crm.planos.schemas import PlanoCreate
from src.demo import dados
from src.empresas import service as empresas
from src.empresas.schemas import CobrancaEmpresa, ConfiguracaoUpdate, EmpresaCreate, PrimeiroAdmin
from src.kb import artigos_md
from src.kb import service as kb
from src.kb.schemas import ArtigoCreate
from src.models import Empresa, MeioPagamento, Usuario
from src.triage.por_empresa import TriagemPorEmpresa
from src.usuarios.schemas import UsuarioCreate
from src.usuarios.service import create_usuario

logger = logging.getLogger(__name__)

SLUG = "demo"
ADMIN = "demo.admin"
MESES = 3  # of invoices, the current month included


class DemoExistenteError(RuntimeError):
    """The demo empresa is already there: loading twice would duplicate nothing but confuse."""


@dataclass(frozen=True)
class ResumoDemo:
    empresa_id: int
    admin: str
    senha: str
    clientes: int
    artigos: int
    faturas: int
    pagamentos: int
    chamados: int


async def carregar(
    sessoes: async_sessionmaker[AsyncSession],
    triagens: TriagemPorEmpresa,
    *,
    clientes: int = 300,
    chamados_abertos: int = 60,
    senha: str | None = None,
    semente: int = 2026,
) -> ResumoDemo:
    senha = senha or secrets.token_urlsafe(12)
    empresa_id = await _empresa(sessoes, senha)
    try:
        return await _encher(
            sessoes, triagens, empresa_id, senha, clientes, chamados_abertos, semente
        )
    except BaseException:
        # Half a demo would block the next try ("already exists"): take it all back.
        async with sessoes() as session, session.begin():
            await session.execute(delete(Empresa).where(Empresa.id == empresa_id))
        raise


async def _encher(
    sessoes: async_sessionmaker[AsyncSession],
    triagens: TriagemPorEmpresa,
    empresa_id: int,
    senha: str,
    clientes: int,
    chamados_abertos: int,
    semente: int,
) -> ResumoDemo:
    sorte = random.Random(semente)  # noqa: S311 (repeatable demo data, not a secret)
    async with sessoes() as session, session.begin():
        bind_empresa(session, empresa_id)
        hoje = await calendario.hoje(session)
        ids_planos = [await _plano(session, *plano) for plano in dados.PLANOS]
        encoder = getattr(triagens.base.classifier, "encoder", None)
        artigos = 0
        for artigo in artigos_md.ler():
            pedido = ArtigoCreate(
                titulo=artigo.titulo,
                corpo=artigo.corpo,
                categoria=artigo.categoria,
                tags=artigo.tags,
                publicado=True,
            )
            await kb.criar(session, pedido, None, encoder)
            artigos += 1
        for username, _equipe in dados.ATENDENTES:
            await create_usuario(
                session,
                UsuarioCreate(username=username, email=f"{username}@fibraboa.demo", password=senha),
            )
    contagem = {"faturas": 0, "pagamentos": 0}
    ids_clientes = []
    for n in range(clientes):
        async with sessoes() as session, session.begin():
            bind_empresa(session, empresa_id)
            admin = await _admin(session)
            cliente_id = await _cliente(session, sorte, n)
            ids_clientes.append(cliente_id)
            feitas, pagas = await _contrato_e_faturas(
                session, sorte, cliente_id, ids_planos, admin, hoje
            )
            contagem["faturas"] += feitas
            contagem["pagamentos"] += pagas
    abertos = 0
    for cliente_id in sorte.sample(ids_clientes, min(chamados_abertos, len(ids_clientes))):
        async with sessoes() as session, session.begin():
            bind_empresa(session, empresa_id)
            admin = await _admin(session)
            triador = await triagens.para(session, empresa_id)
            mensagem = sorte.choice(dados.MENSAGENS)
            pedido = ChamadoCreate(cliente_id=cliente_id, canal=_canal(sorte), mensagem=mensagem)
            await chamados.create_chamado(session, pedido, admin, triador)
            abertos += 1
    return ResumoDemo(
        empresa_id,
        ADMIN,
        senha,
        len(ids_clientes),
        artigos,
        contagem["faturas"],
        contagem["pagamentos"],
        abertos,
    )


async def _empresa(sessoes: async_sessionmaker[AsyncSession], senha: str) -> int:
    async with sessoes() as session, session.begin():
        if await session.scalar(select(Empresa.id).where(Empresa.slug == SLUG)) is not None:
            raise DemoExistenteError()
        empresa = await empresas.create_empresa(
            session,
            EmpresaCreate(
                nome="Fibra Boa Telecom (demonstração)",
                slug=SLUG,
                admin=PrimeiroAdmin(username=ADMIN, email="admin@fibraboa.demo", password=senha),
            ),
        )
        cobranca = CobrancaEmpresa(
            pix_chave="financeiro@fibraboa.demo",
            recebedor="Fibra Boa Telecom",
            cidade="Campinas",
            convenio="1234567",
            carteira="17",
        )
        await empresas.configure_empresa(session, empresa.id, ConfiguracaoUpdate(cobranca=cobranca))
        return empresa.id


async def _admin(session: AsyncSession) -> Usuario:
    return await session.scalar(select(Usuario).where(Usuario.username == ADMIN))


async def _plano(session: AsyncSession, nome: str, preco: str, atributos: dict) -> int:
    plano = await planos.criar(
        session, PlanoCreate(nome=nome, preco_mensal=Decimal(preco), atributos=atributos)
    )
    return plano.id


def _cpf(sorte: random.Random) -> str:
    digitos = [sorte.randint(0, 9) for _ in range(9)]
    for tamanho in (9, 10):
        soma = sum(d * p for d, p in zip(digitos, range(tamanho + 1, 1, -1), strict=True))
        digitos.append(0 if soma % 11 < 2 else 11 - soma % 11)
    return "".join(map(str, digitos))


async def _cliente(session: AsyncSession, sorte: random.Random, n: int) -> int:
    nome = f"{sorte.choice(dados.NOMES)} {sorte.choice(dados.SOBRENOMES)}"
    cidade, uf, cep, bairros = sorte.choice(dados.CIDADES)
    usuario_email = nome.lower().replace(" ", ".").encode("ascii", "ignore").decode()
    cliente = await create_cliente(
        session,
        ClienteCreate(
            nome=nome,
            email=f"{usuario_email}.{n}@exemplo.com.br",
            telefone=f"+55 19 9{sorte.randint(1000, 9999)}-{sorte.randint(1000, 9999)}",
            cpf_cnpj=_cpf(sorte),
            endereco={
                "cep": f"{cep}{sorte.randint(10, 99)}-{sorte.randint(100, 999)}",
                "logradouro": sorte.choice(dados.RUAS),
                "numero": str(sorte.randint(10, 2500)),
                "bairro": sorte.choice(bairros),
                "cidade": cidade,
                "uf": uf,
            },
        ),
    )
    return cliente.id


async def _contrato_e_faturas(
    session: AsyncSession,
    sorte: random.Random,
    cliente_id: int,
    ids_planos: list[int],
    admin: Usuario,
    hoje: date,
) -> tuple[int, int]:
    plano_id = sorte.choices(ids_planos, weights=(5, 4, 2, 1))[0]
    inicio = hoje - timedelta(days=sorte.randint(120, 900))
    contrato = await contratos.criar(
        session,
        ContratoCreate(
            cliente_id=cliente_id,
            plano_id=plano_id,
            dia_vencimento=sorte.choice((5, 10, 15, 20, 25)),
            inicio=inicio,
        ),
        admin,
    )
    feitas = pagas = 0
    for atras in range(MESES - 1, -1, -1):
        mes = _mes_antes(hoje, atras)
        fatura = await faturas.criar(
            session, FaturaCreate(contrato_id=contrato.id, competencia=calendario.competencia(mes))
        )
        feitas += 1
        # Most pay on time; some are late; this month's may still be open.
        if fatura.vencimento < hoje and sorte.random() < 0.88:
            pago = fatura.vencimento - timedelta(days=sorte.randint(0, 4))
            meio = sorte.choices(
                (MeioPagamento.PIX, MeioPagamento.BOLETO, MeioPagamento.CARTAO), (6, 3, 1)
            )[0]
            await pagamentos.registrar(
                session,
                PagamentoCreate(fatura_id=fatura.id, valor=fatura.valor, meio=meio, data=pago),
                admin,
            )
            pagas += 1
    return feitas, pagas


def _mes_antes(hoje: date, meses: int) -> date:
    total = hoje.year * 12 + hoje.month - 1 - meses
    return date(total // 12, total % 12 + 1, 1)


def _canal(sorte: random.Random) -> str:
    return sorte.choices(("whatsapp", "email", "site"), (6, 2, 2))[0]
