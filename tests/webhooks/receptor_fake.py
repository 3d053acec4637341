"""An integrator's endpoint, served for real on loopback: it checks each delivery with the
Standard Webhooks library (as a receiver would) and answers what the test asks."""

from dataclasses import dataclass, field

from standardwebhooks.webhooks import Webhook, WebhookVerificationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


@dataclass
class Receptor:
    segredo: str | None = None
    recebidas: list[dict] = field(default_factory=list)
    respostas: list[int] = field(default_factory=list)  # the next answers' status codes

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/eventos", self._receber, methods=["POST"])])

    async def _receber(self, request: Request) -> PlainTextResponse:
        corpo = await request.body()
        try:
            payload = Webhook(self.segredo).verify(corpo, dict(request.headers))
            assinatura_ok = True
        except WebhookVerificationError:
            payload, assinatura_ok = None, False
        self.recebidas.append(
            {
                "id": request.headers.get("webhook-id"),
                "assinatura_ok": assinatura_ok,
                "payload": payload,
                "corpo": corpo,
            }
        )
        status = self.respostas.pop(0) if self.respostas else 200
        return PlainTextResponse("ok" if status < 300 else "indisponível", status_code=status)

    def tipos(self) -> list[str]:
        return [r["payload"]["type"] for r in self.recebidas if r["payload"]]
