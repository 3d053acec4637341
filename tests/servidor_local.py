"""A real HTTP server on loopback for the fakes of external providers (Graph API, webhook
receivers): uvicorn serving a small Starlette app on the test's own event loop."""

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import uvicorn

HOST = "127.0.0.1"


@contextlib.asynccontextmanager
async def servir(app) -> AsyncIterator[str]:
    """Serve `app` until the block ends; yields its origin (http://127.0.0.1:<port>)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((HOST, 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    tarefa = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if tarefa.done():
                tarefa.result()  # raises what stopped it
            await asyncio.sleep(0.01)
        yield f"http://{HOST}:{port}"
    finally:
        server.should_exit = True
        await tarefa
        sock.close()
