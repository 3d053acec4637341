"""Calls out never reach this machine or the private network unless the installation allows
it, whatever name the destination hides behind, and never follow a redirect."""

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from src.core.http_externo import DestinoProibidoError, cliente_http
from tests.servidor_local import servir


async def _ok(_request):
    return PlainTextResponse("alcançado")


async def _desvio(_request):
    return RedirectResponse("http://169.254.169.254/latest/meta-data/", status_code=302)


@pytest.fixture
async def local():
    app = Starlette(routes=[Route("/", _ok), Route("/desvio", _desvio)])
    async with servir(app) as origem:
        yield origem


@pytest.mark.parametrize(
    "destino",
    [
        "{origem}/",
        "http://localhost:{porta}/",  # a name that resolves to loopback
        "http://[::ffff:127.0.0.1]:{porta}/",  # loopback dressed as IPv6
        "http://169.254.169.254/latest/meta-data/",  # the cloud's metadata service
        "http://10.0.0.1/",
        "http://0.0.0.0:{porta}/",
    ],
)
async def test_private_loopback_and_link_local_destinations_are_refused(local, destino):
    porta = local.rsplit(":", 1)[1]
    async with cliente_http(permitir_privados=False) as http:
        with pytest.raises(DestinoProibidoError):
            await http.get(destino.format(origem=local, porta=porta))


async def test_allowed_private_destinations_are_reached_and_redirects_never_followed(local):
    async with cliente_http(permitir_privados=True) as http:
        assert (await http.get(f"{local}/")).text == "alcançado"
        desvio = await http.get(f"{local}/desvio")
    assert desvio.status_code == 302  # answered as it is, not followed to the metadata service


async def test_proxies_from_the_environment_are_not_used(local, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("ALL_PROXY", "http://10.9.9.9:3128")
    async with cliente_http(permitir_privados=True) as http:
        assert (await http.get(f"{local}/")).status_code == 200
