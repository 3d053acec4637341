from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from src import SERVICE_NAME, __version__
from src.core.config import Settings

router = APIRouter(tags=["health"])


@router.get("/", summary="Identificação do serviço")
async def root(request: Request) -> dict[str, str]:
    settings: Settings = request.app.state.settings
    return {
        "status": "ok",
        "servico": SERVICE_NAME,
        "versao": __version__,
        "ambiente": settings.app_env.value,
    }


@router.get("/health", summary="Liveness (sem I/O)")
async def health() -> dict[str, str]:
    return {"status": "healthy"}


@router.get("/health/ready", summary="Readiness: banco acessível e triagem carregada")
async def ready(request: Request) -> JSONResponse:
    checks = {"banco": "ok", "triagem": "ok"}
    try:
        async with request.app.state.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not ready", never a 500
        checks["banco"] = "indisponível"
    if getattr(request.app.state, "triador", None) is None:
        checks["triagem"] = "indisponível"
    ready_now = all(value == "ok" for value in checks.values())
    # Informative only: with Redis down the limits still hold, counted per process.
    limiter = getattr(request.app.state, "rate_limiter", None)
    limites = limiter.storage_state if limiter is not None else "desligados"
    return JSONResponse(
        {"status": "ready" if ready_now else "not_ready", **checks, "limites": limites},
        status_code=200 if ready_now else 503,
    )
