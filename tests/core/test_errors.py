"""A crash becomes a bare 500 with a request id, and the traceback goes to the log only."""

import logging

from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient

from src.main import create_app


async def test_unhandled_error_returns_generic_500_with_request_id(settings, migrated, caplog):
    application = create_app(settings)
    boom = APIRouter()

    @boom.get("/boom")
    async def explode() -> None:
        raise RuntimeError("segredo interno: SELECT * FROM usuarios")

    application.include_router(boom)
    transport = ASGITransport(app=application, raise_app_exceptions=False)
    async with (
        application.router.lifespan_context(application),
        AsyncClient(transport=transport, base_url="http://t") as client,
    ):
        with caplog.at_level(logging.ERROR, logger="atendimento.errors"):
            response = await client.get("/boom", headers={"X-Request-ID": "req-42"})

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Erro interno do servidor. Informe o request_id ao suporte.",
        "code": "internal_error",
        "request_id": "req-42",
    }
    assert "segredo" not in response.text
    assert "req-42" in caplog.text
    assert "segredo interno" in caplog.text
