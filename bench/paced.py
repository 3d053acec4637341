"""Paced load: one account sending long messages to POST /triagem/classificar at its full
request budget (RATE_LIMIT_DEFAULT), in bursts of concurrent requests, while wrk measures
another endpoint. wrk cannot pace requests, so this side is a small asyncio client."""

import asyncio
import threading
import time
from dataclasses import dataclass, field

import httpx
from limits import parse

MESSAGE_CHARS = 5000
_SENTENCES = (
    "Bom dia, escrevo porque preciso de ajuda com a minha conta e já tentei de tudo.",
    "Desde a semana passada o aplicativo fecha sozinho quando abro a área de faturas.",
    "Já reinstalei, troquei de celular e limpei o cache, mas nada mudou até agora.",
    "Também reparei que a cobrança deste mês veio com um valor diferente do contrato.",
    "Gostaria de saber se existe alguma taxa nova ou se houve algum erro no cadastro.",
    "Meu endereço de cobrança mudou em março e talvez isso tenha causado o problema.",
    "Preciso resolver isso logo porque a fatura vence na próxima sexta-feira.",
    "Se for preciso posso enviar comprovantes, prints da tela e o número do pedido.",
)


def long_message(n: int) -> str:
    """A realistic pt-BR message of exactly MESSAGE_CHARS characters, different for each n."""
    parts, size, i = [f"Protocolo {n}."], 0, n
    while size < MESSAGE_CHARS:
        parts.append(_SENTENCES[i % len(_SENTENCES)])
        size += len(parts[-1]) + 1
        i += 3
    return " ".join(parts)[: MESSAGE_CHARS - 1].rstrip() + "?"


def per_second(rate_limit: str) -> float:
    """Requests per second of a `limits` expression such as "600/minute"."""
    item = parse(rate_limit)
    return item.amount / item.get_expiry()


@dataclass
class PacedResult:
    sent: int = 0
    ok: int = 0
    limited: int = 0
    other: int = 0
    latencies_ms: list[float] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    def summary(self, duration_s: float) -> str:
        return (
            f"{self.sent} mensagens de {MESSAGE_CHARS} caracteres em {duration_s:.0f} s "
            f"({self.sent / duration_s:.1f}/s): {self.ok} × 200, {self.limited} × 429, "
            f"{self.other} outras; latência p50 {self.percentile(50):.0f} ms, "
            f"p99 {self.percentile(99):.0f} ms"
        )


async def _one(client: httpx.AsyncClient, n: int, result: PacedResult) -> None:
    started = time.perf_counter()
    try:
        response = await client.post("/triagem/classificar", json={"mensagem": long_message(n)})
        status = response.status_code
    except httpx.HTTPError:
        status = 0
    result.latencies_ms.append((time.perf_counter() - started) * 1000)
    if status == 200:
        result.ok += 1
    elif status == 429:
        result.limited += 1
    else:
        result.other += 1


async def _paced(url: str, token: str, rate: float, burst: int, stop: threading.Event):
    result = PacedResult()
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=burst, max_keepalive_connections=burst)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=30
    ) as client:
        period, started, tasks = burst / rate, time.monotonic(), []
        tick = 0
        while not stop.is_set():
            # `burst` requests at once, every `burst / rate` seconds: exactly the budget.
            for _ in range(burst):
                tasks.append(asyncio.create_task(_one(client, result.sent, result)))
                result.sent += 1
            tick += 1
            await asyncio.sleep(max(0.0, started + tick * period - time.monotonic()))
        await asyncio.gather(*tasks)
    return result


class PacedLoad:
    """Runs the paced client on its own thread between `start()` and `stop()`."""

    def __init__(self, url: str, token: str, rate: float, burst: int) -> None:
        self._args = (url, token, rate, burst)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.result: PacedResult | None = None

    def _run(self) -> None:
        self.result = asyncio.run(_paced(*self._args, self._stop))

    def start(self) -> "PacedLoad":
        self._thread.start()
        return self

    def stop(self) -> PacedResult:
        self._stop.set()
        self._thread.join(timeout=60)
        return self.result or PacedResult()
