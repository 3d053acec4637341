"""Application assembly: settings, lifespan, middleware, error handlers and routers."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.middleware.cors import CORSMiddleware

from src import SERVICE_NAME, __version__, handlers
from src.auth.router import router as auth_router
from src.canais.router import router as canais_router
from src.canais.router import webhooks as canais_webhooks_router
from src.canais.whatsapp.router import router as whatsapp_router
from src.chamados.atribuicao.router import router as atribuicao_router
from src.chamados.csat.router import router as csat_router
from src.chamados.historico.router import router as historico_router
from src.chamados.mensagens.router import router as mensagens_router
from src.chamados.router import router as chamados_router
from src.chamados.sla.router import router as sla_router
from src.chamados.v1 import router as chamados_v1_router
from src.clientes.router import router as clientes_router
from src.core import idempotency, jobs
from src.core.config import Settings, get_settings
from src.core.database import create_engine, create_sessionmaker
from src.core.docs import mount_docs
from src.core.errors import register_error_handlers
from src.core.http_externo import cliente_http
from src.core.http_security import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from src.core.logging import configure_logging
from src.core.middleware import RequestContextMiddleware
from src.core.openapi import error_responses
from src.core.proxy import ForwardedClientMiddleware
from src.core.rate_limit import RateLimiter, RateLimitMiddleware
from src.core.security import TokenSettings, configure_password_hashing
from src.crm.contratos.router import router as contratos_router
from src.crm.faturas.router import router as faturas_router
from src.crm.pagamentos.router import router as pagamentos_router
from src.crm.planos.router import router as planos_router
from src.crm.resumo.router import router as resumo_router
from src.empresas.router import router as empresas_router
from src.equipes.router import router as equipes_router
from src.etiquetas.router import chamado_router as etiquetas_chamado_router
from src.etiquetas.router import router as etiquetas_router
from src.health.router import router as health_router
from src.kb.router import publico as kb_publico_router
from src.kb.router import router as kb_router
from src.metricas.router import router as metricas_router
from src.notificacoes.router import router as notificacoes_router
from src.respostas_prontas.router import router as respostas_prontas_router
from src.triage import Triador
from src.triage.config import TriageSettings
from src.triage.por_empresa import TriagemPorEmpresa
from src.triage.router import router as triagem_router
from src.usuarios.router import router as usuarios_router
from src.webhooks.router import router as webhooks_router
from src.worker import Worker

logger = logging.getLogger("atendimento")

DESCRIPTION = """
API de atendimento ao cliente com triagem automática por IA.

Use **Authorize** com usuário e senha (fluxo `/auth/login`) para chamar as rotas protegidas.
"""


def _token_settings(settings: Settings) -> TokenSettings:
    assert settings.secret_key is not None  # filled in by Settings itself
    return TokenSettings(
        secret_key=settings.secret_key.get_secret_value(),
        algorithm=settings.algorithm,
        expire_minutes=settings.access_token_expire_minutes,
    )


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if settings.generated_secret:
        logger.warning(
            "SECRET_KEY ausente: usando uma chave aleatória deste processo "
            "(tokens deixam de valer ao reiniciar). Defina SECRET_KEY fora do desenvolvimento."
        )
    engine = create_engine(settings)
    app.state.engine = engine
    app.state.sessionmaker = create_sessionmaker(engine)
    configure_password_hashing(settings.password_hash_max_pending)
    await jobs.start()
    triage_config = app.state.triage_settings.triage_config(production=settings.is_production)
    app.state.triador = await run_in_threadpool(Triador.build, triage_config)
    # Each empresa's catalog over this worker's Triador (src/triage/por_empresa.py).
    app.state.triagens = TriagemPorEmpresa(app.state.triador)
    # Calls to providers and integrators, checked where they connect (src/core/http_externo.py).
    app.state.http_externo = cliente_http(settings.permitir_destinos_privados)
    # Provider events in, channel answers and webhooks out, the SLA clock (src/worker.py).
    app.state.worker = Worker(
        app.state.sessionmaker, settings, app.state.triagens, app.state.http_externo
    )
    # Built here so its storage (memory timer or Redis pool) lives on the serving loop.
    app.state.rate_limiter = (
        RateLimiter.from_settings(settings) if settings.rate_limit_enabled else None
    )
    clocks = app.state.worker.iniciar() if settings.worker_embutido else []
    logger.info("serviço pronto: ambiente=%s", settings.app_env.value)
    try:
        yield
    finally:
        for clock in clocks:
            clock.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await clock
        await jobs.stop()
        await app.state.http_externo.aclose()
        await app.state.triagens.close()
        await engine.dispose()


def create_app(
    settings: Settings | None = None, triage_settings: TriageSettings | None = None
) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    docs = settings.docs_visible
    app = FastAPI(
        title=SERVICE_NAME,
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        debug=False,
        # FastAPI's own pages load a CDN; src.core.docs serves them from local assets.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if docs else None,
        swagger_ui_parameters={"persistAuthorization": True},
    )
    app.state.settings = settings
    app.state.triage_settings = triage_settings or TriageSettings()
    app.state.token_settings = _token_settings(settings)
    register_error_handlers(app)
    handlers.registrados()  # every domain reacts to the writes of this process
    idempotency.install(app)  # its middleware innermost: it stores the route's own answer
    _add_middleware(app, settings)
    # Errors any route can give (body cap, rate limit, validation) join each route's own.
    app.include_router(health_router, responses=error_responses(413, 429))
    app.include_router(auth_router, responses=error_responses(413, 422, 429))
    for router in (
        empresas_router,
        equipes_router,
        clientes_router,
        chamados_router,
        chamados_v1_router,
        mensagens_router,
        atribuicao_router,
        historico_router,
        sla_router,
        notificacoes_router,
        csat_router,
        etiquetas_router,
        etiquetas_chamado_router,
        respostas_prontas_router,
        metricas_router,
        triagem_router,
        usuarios_router,
        canais_router,
        canais_webhooks_router,
        whatsapp_router,
        webhooks_router,
        planos_router,
        contratos_router,
        faturas_router,
        pagamentos_router,
        resumo_router,
        kb_router,
        kb_publico_router,
    ):
        app.include_router(router, responses=error_responses(400, 401, 404, 413, 422, 429))
    mount_docs(app)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Pure ASGI middleware only; the last one added is the outermost."""
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_body_bytes)
    if settings.rate_limit_enabled:
        app.add_middleware(RateLimitMiddleware)
    if settings.cors_origins:
        # Bearer tokens travel in a header, not in cookies: no credentials, so no "*" pitfall.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            max_age=600,
        )
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.is_production)
    if settings.trusted_proxy_hops:
        app.add_middleware(ForwardedClientMiddleware, trusted_hops=settings.trusted_proxy_hops)


app = create_app()
