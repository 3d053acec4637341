"""The one HTTP client for calls to the outside (WhatsApp's Graph API, integrators' webhooks).

Whoever configures a channel or a webhook chooses where the service connects, so every
connection is checked where it is made: the host is resolved here and the socket opens to an
address already checked, never to a name resolved again later (a DNS answer that changes
between check and use cannot smuggle in 127.0.0.1). Loopback, private, link-local (the cloud
metadata service at 169.254.169.254), multicast and reserved addresses are refused unless
PERMITIR_DESTINOS_PRIVADOS is on (tests, fake providers on loopback). Redirects are never
followed, and proxies from the environment are ignored: a proxy would connect for us,
unchecked.
"""

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import anyio
import httpcore2
import httpx2
from httpcore2 import AsyncNetworkBackend, AsyncNetworkStream
from httpcore2._backends.auto import AutoBackend

TIMEOUT = httpx2.Timeout(10.0, connect=5.0)
Endereco = ipaddress.IPv4Address | ipaddress.IPv6Address


class DestinoProibidoError(httpx2.ConnectError):
    """The destination resolves to an address this service must not call."""


def endereco_publico(endereco: Endereco) -> bool:
    if isinstance(endereco, ipaddress.IPv6Address) and endereco.ipv4_mapped is not None:
        endereco = endereco.ipv4_mapped
    return endereco.is_global and not endereco.is_multicast


class _RedeVerificada(AsyncNetworkBackend):
    """Resolves, checks, then connects to the checked address (TLS still verifies the name:
    httpcore sends the URL's host as SNI, not the address)."""

    def __init__(self, permitir_privados: bool) -> None:
        self.permitir_privados = permitir_privados
        self._rede = AutoBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> AsyncNetworkStream:
        enderecos = await resolver_conferido(host, port, self.permitir_privados)
        return await self._rede.connect_tcp(
            str(enderecos[0]), port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> AsyncNetworkStream:
        raise DestinoProibidoError("sockets locais não são destinos externos")

    async def sleep(self, seconds: float) -> None:
        await self._rede.sleep(seconds)


async def resolver_conferido(host: str, port: int, permitir_privados: bool) -> list[Endereco]:
    """The host's addresses, refused (DestinoProibidoError) if any is not a public one:
    one public address among private ones is a trick. For protocols other than HTTP (SMTP,
    IMAP) the check is made before their client connects by name."""
    try:
        enderecos = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            respostas = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise httpx2.ConnectError(f"não foi possível resolver {host}: {error}") from error
        enderecos = [ipaddress.ip_address(resposta[4][0]) for resposta in respostas]
    if not permitir_privados and not all(endereco_publico(e) for e in enderecos):
        raise DestinoProibidoError(f"destino {host} recusado: endereço privado, local ou reservado")
    return enderecos


class _TransporteVerificado(httpx2.AsyncHTTPTransport):
    def __init__(self, permitir_privados: bool) -> None:
        super().__init__(trust_env=False)
        # httpx builds its pool without a way to pass the network backend: the same pool,
        # rebuilt with ours (tests/core/test_http_externo.py fails if this stops applying).
        self._pool = httpcore2.AsyncConnectionPool(
            ssl_context=httpx2.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=30.0,
            network_backend=_RedeVerificada(permitir_privados),
        )


def cliente_http(permitir_privados: bool = False) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(
        transport=_TransporteVerificado(permitir_privados),
        timeout=TIMEOUT,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": "CentralDeAtendimento/1"},
    )
