from src import __version__


async def test_root_identifies_the_service(client):
    response = await client.get("/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "servico": "Central de Atendimento Automática",
        "versao": __version__,
        "ambiente": "test",
    }


async def test_health_is_public_and_static(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "healthy"}


async def test_readiness_checks_database_and_triage(client):
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "banco": "ok",
        "triagem": "ok",
        "limites": "memória",  # no REDIS_URL: each process counts its own limits
    }


async def test_every_response_carries_a_request_id(client):
    response = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    generated = await client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["X-Request-ID"] != "bad id with spaces"
    assert len(generated.headers["X-Request-ID"]) == 32


async def test_docs_and_openapi_are_served(client):
    assert (await client.get("/docs")).status_code == 200
    schema = (await client.get("/openapi.json")).json()
    assert (
        schema["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"][
            "tokenUrl"
        ]
        == "/auth/login"
    )
