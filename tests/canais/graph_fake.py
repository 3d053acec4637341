"""A fake of WhatsApp's Cloud API send endpoint, served for real on loopback: it records what
it received and answers as Meta documents, or fails the way tests ask it to."""

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.canais import whatsapp_fake as meta
from tests.factories import signup
from tests.servidor_local import servir


@dataclass
class GraphFake:
    recebidas: list[dict] = field(default_factory=list)
    # Each call takes the next planned failure: 500 or 400 (with Meta's error).
    falhas: list = field(default_factory=list)
    lentidao: float = 0.0
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    # What GET /{waba}/message_templates answers (Meta's shape), a page at a time.
    modelos: list[dict] = field(default_factory=list)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/{numero}/messages", self._messages, methods=["POST"]),
                Route("/{waba}/message_templates", self._modelos, methods=["GET"]),
            ]
        )

    async def _modelos(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {meta.ACCESS_TOKEN}":
            return JSONResponse({"error": {"message": "Invalid OAuth access token"}}, 401)
        inicio = int(request.query_params.get("after", "0"))
        pagina = self.modelos[inicio : inicio + 2]
        corpo: dict = {"data": pagina}
        if inicio + 2 < len(self.modelos):
            base = str(request.url).split("?")[0]
            corpo["paging"] = {"next": f"{base}?after={inicio + 2}"}
        return JSONResponse(corpo)

    async def _messages(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {meta.ACCESS_TOKEN}":
            return JSONResponse({"error": {"message": "Invalid OAuth access token"}}, 401)
        corpo = await request.json()
        falha = self.falhas.pop(0) if self.falhas else None
        if falha == 500:
            return JSONResponse({"error": {"message": "Service temporarily unavailable"}}, 500)
        if falha == 400:
            erro = {"message": "(#131026) Message undeliverable", "code": 131026}
            return JSONResponse({"error": erro}, 400)
        wamid = f"wamid.FAKE{next(self._ids)}"
        self.recebidas.append({"numero": request.path_params["numero"], "wamid": wamid, **corpo})
        await asyncio.sleep(self.lentidao)
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": corpo.get("to"), "wa_id": corpo.get("to")}],
                "messages": [{"id": wamid}],
            }
        )

    def textos(self) -> list[str]:
        return [m["text"]["body"] for m in self.recebidas if m.get("type") == "text"]


@contextlib.asynccontextmanager
async def graph_no_ar() -> AsyncIterator[GraphFake]:
    fake = GraphFake()
    async with servir(fake.app()) as origem:
        fake.origem = origem
        yield fake


async def canal_apontando_para(client, graph: GraphFake) -> dict:
    """An admin and a WhatsApp channel whose Graph API is the fake."""
    admin = await signup(client, "chefe")
    body = {
        "tipo": "whatsapp",
        "nome": "WhatsApp",
        "config": meta.config(api_base_url=graph.origem),
    }
    criado = (await client.post("/canais/", json=body, headers=admin)).json()
    return {"admin": admin, "url": criado["webhook_url"], "id": criado["id"]}


async def entregar(client, canal: dict, *, mensagens=(), statuses=(), contatos=()) -> None:
    """Meta's signed delivery of messages and statuses to the channel's webhook."""
    corpo = meta.entrega(mensagens=mensagens, statuses=statuses, contatos=contatos)
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": meta.assinar(corpo)}
    response = await client.post(canal["url"], content=corpo, headers=headers)
    assert response.status_code == 200, response.text
