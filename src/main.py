"""Application assembly: settings, lifespan, middleware, error handlers and routers."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from src import __version__
from src.auth.router import router as auth_router
from src.chamados.router import router as chamados_router
from src.clientes.router import router as clientes_router
from src.core.config import Settings, get_settings
from src.core.database import create_engine, create_sessionmaker
from src.core.errors import register_error_handlers
from src.core.logging import configure_logging
from src.core.middleware import RequestContextMiddleware
from src.core.security import TokenSettings
from src.health.router import SERVICE_NAME
from src.health.router import router as health_router
from src.metricas.router import router as metricas_router
from src.triage import Triador

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
    app.state.triador = await run_in_threadpool(Triador.build, settings.triage_config())
    logger.info("serviço pronto: ambiente=%s", settings.app_env.value)
    try:
        yield
    finally:
        await engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    docs = settings.docs_enabled
    app = FastAPI(
        title=SERVICE_NAME,
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        debug=False,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
        swagger_ui_parameters={"persistAuthorization": True},
    )
    app.state.settings = settings
    app.state.token_settings = _token_settings(settings)
    register_error_handlers(app)
    app.add_middleware(RequestContextMiddleware)
    for router in (
        health_router,
        auth_router,
        clientes_router,
        chamados_router,
        metricas_router,
    ):
        app.include_router(router)
    return app


app = create_app()
