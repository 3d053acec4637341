"""`make bench-canais`: WhatsApp at the Cloud API's pace, a worker killed mid-run, a provider
that fails for a while. Production start (gunicorn) plus `atendimento worker` on PostgreSQL,
a fake Graph API on loopback that answers like Meta and sends the `sent` callbacks back.

The load is open: messages leave at a fixed rate whether or not earlier ones were answered,
so a slow server cannot slow the load down and hide its own latency.
"""

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import itertools
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench import report, seed
from bench.run import DEFAULT_DB, RESULTS
from bench.server import ROOT, VENV_BIN, _cpu_seconds, _postgres_pids, free_port, running

# Fresh per run: the fake provider and the channel share them, nothing else sees them.
APP_SECRET = secrets.token_urlsafe(24)
ACCESS_TOKEN = "EAA" + secrets.token_urlsafe(24)
NUMERO = "5511300000000"
PHONE_NUMBER_ID = "1098765432"
PEDIDOS = (  # answered automatically by the triage, so each one sends an answer back
    "preciso da segunda via do boleto",
    "quero a segunda via da minha fatura",
    "me manda o boleto atualizado por favor",
)


def _assinar(corpo: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), corpo, hashlib.sha256).hexdigest()


def _entrega(value: dict) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": NUMERO, "phone_number_id": PHONE_NUMBER_ID},
        **value,
    }
    changes = [{"field": "messages", "value": value}]
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"changes": changes}]})


PENDURA_S = 15.0  # longer than the client's 10 s read timeout


@dataclass
class FakeGraph:
    """The Cloud API's send endpoint: answers with a wamid and, like Meta, posts the `sent`
    status (echoing biz_opaque_callback_data) to the channel's webhook a moment later."""

    webhook: str = ""
    recebidas: list[dict] = field(default_factory=list)
    falhar_ate: float = 0.0  # 500 until this monotonic time
    pendurar_ate: float = 0.0  # until then, answers only after the client has given up
    _chegadas: itertools.count = field(default_factory=itertools.count)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _pendentes: set = field(default_factory=set)
    _http: httpx.AsyncClient | None = None

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/{numero}/messages", self._messages, methods=["POST"])])

    async def _messages(self, request: Request) -> JSONResponse:
        corpo = await request.json()
        if time.monotonic() < self.falhar_ate:
            return JSONResponse({"error": {"message": "temporarily unavailable"}}, 500)
        if time.monotonic() < self.pendurar_ate:
            # Past the client's timeout. Half of these Meta still delivers (and reports, with
            # the echo), half it loses: the sender cannot tell which from its side.
            await asyncio.sleep(PENDURA_S)
            if next(self._chegadas) % 2:
                return JSONResponse({"error": {"message": "gateway timeout"}}, 504)
        wamid = f"wamid.OUT{next(self._ids)}"
        self.recebidas.append(
            {"wamid": wamid, "to": corpo["to"], "origem": corpo.get("biz_opaque_callback_data")}
        )
        tarefa = asyncio.create_task(self._status(wamid, corpo))
        self._pendentes.add(tarefa)
        tarefa.add_done_callback(self._pendentes.discard)
        return JSONResponse({"messaging_product": "whatsapp", "messages": [{"id": wamid}]})

    async def _status(self, wamid: str, corpo: dict) -> None:
        await asyncio.sleep(0.05)
        if self._http is None:  # made on the server's own loop, at first use
            self._http = httpx.AsyncClient(timeout=10)
        status = {
            "id": wamid,
            "status": "sent",
            "timestamp": str(int(time.time())),
            "recipient_id": corpo["to"],
            "biz_opaque_callback_data": corpo.get("biz_opaque_callback_data"),
        }
        dados = _entrega({"statuses": [status]}).encode()
        with contextlib.suppress(httpx.HTTPError):
            await self._http.post(
                self.webhook,
                content=dados,
                headers={
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": _assinar(dados),
                },
            )


@contextlib.contextmanager
def servir(app) -> "contextlib.Generator[str]":
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def worker(env: dict[str, str], log_path: Path) -> "contextlib.Generator[subprocess.Popen]":
    processo = _iniciar_worker(env, log_path)
    try:
        yield processo
    finally:
        if processo.poll() is None:
            processo.terminate()
            processo.wait(timeout=30)


def _iniciar_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    inicio = log_path.read_text().count("worker pronto") if log_path.exists() else 0
    with log_path.open("a") as log:
        processo = subprocess.Popen(
            [sys.executable, "-m", "src.cli", "worker"],
            cwd=ROOT,
            env={**os.environ, **env, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    prazo = time.monotonic() + 120
    while log_path.read_text().count("worker pronto") <= inicio:
        if processo.poll() is not None or time.monotonic() > prazo:
            raise RuntimeError(f"o worker não subiu; veja {log_path}")
        time.sleep(0.1)
    return processo


@dataclass
class Carga:
    """Signed deliveries at a fixed rate; the ack time of each, by wamid."""

    url: str
    enviadas: dict[str, float] = field(default_factory=dict)  # wamid -> sent at (epoch)
    acks_ms: list[float] = field(default_factory=list)
    erros: int = 0

    async def tocar(
        self, por_segundo: float, segundos: float, prefixo: str, eventos=(), novos: float = 0.3
    ) -> None:
        """`eventos`: (at second, callable) run during the load (the kill -9)."""
        limites = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(timeout=30, limits=limites) as http:
            inicio = time.monotonic()
            total = int(por_segundo * segundos)
            pendentes = []
            agenda = sorted(eventos)
            for n in range(total):
                alvo = inicio + n / por_segundo
                while agenda and agenda[0][0] <= n / por_segundo:
                    agenda.pop(0)[1]()
                await asyncio.sleep(max(0.0, alvo - time.monotonic()))
                novo = (n % 10) < novos * 10
                tarefa = self._uma(http, f"{prefixo}{n}", n, prefixo, novo)
                pendentes.append(asyncio.create_task(tarefa))
            await asyncio.gather(*pendentes)

    async def _uma(
        self, http: httpx.AsyncClient, wamid: str, n: int, prefixo: str, novo: bool
    ) -> None:
        # New conversations, or messages of customers who already wrote (500 of them).
        serie = sum(prefixo.encode()) % 90 + 10  # each run its own numbers
        cliente = f"5511{serie}{n:07d}" if novo else f"55118{n % 500:08d}"
        mensagem = {
            "from": cliente,
            "id": wamid,
            "timestamp": str(int(time.time())),
            "type": "text",
            "text": {"body": PEDIDOS[n % len(PEDIDOS)]},
        }
        corpo = _entrega({"messages": [mensagem]}).encode()
        antes = time.perf_counter()
        self.enviadas[wamid] = time.time()
        try:
            resposta = await http.post(
                self.url,
                content=corpo,
                headers={
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": _assinar(corpo),
                },
            )
            if resposta.status_code != 200:
                self.erros += 1
        except httpx.HTTPError:
            self.erros += 1
        self.acks_ms.append((time.perf_counter() - antes) * 1000)


def _pct(valores: list[float], p: float) -> float:
    if not valores:
        return 0.0
    ordenados = sorted(valores)  # nearest rank
    return ordenados[max(0, math.ceil(p / 100 * len(ordenados)) - 1)]


async def _esperar_fim(dsn: str, prefixo: str, esperadas: int, prazo_s: float) -> float:
    """Until every message of the run is stored and every answer is final; seconds waited."""
    conexao = await asyncpg.connect(dsn)
    inicio = time.monotonic()
    try:
        while time.monotonic() - inicio < prazo_s:
            guardadas = await conexao.fetchval(
                "SELECT count(*) FROM mensagens WHERE id_externo LIKE $1", f"{prefixo}%"
            )
            abertos = await conexao.fetchval(
                "SELECT count(*) FROM envios_canal WHERE estado IN ('pendente', 'enviando')"
            )
            eventos = await conexao.fetchval(
                "SELECT count(*) FROM eventos_canal WHERE processado_em IS NULL"
            )
            if guardadas >= esperadas and not abertos and not eventos:
                break
            await asyncio.sleep(0.5)
    finally:
        await conexao.close()
    return time.monotonic() - inicio


async def _atrasos(dsn: str, carga: Carga, prefixo: str) -> tuple[list[float], list[float]]:
    """Worker lag (ack -> message in the thread) and answer lag (in -> accepted by Meta)."""
    conexao = await asyncpg.connect(dsn)
    try:
        linhas = await conexao.fetch(
            "SELECT m.id_externo, extract(epoch FROM m.data_criacao) AS em, "
            "extract(epoch FROM e.enviado_em) AS enviado "
            "FROM mensagens m LEFT JOIN LATERAL (SELECT b.id FROM mensagens b "
            "WHERE b.chamado_id = m.chamado_id AND b.autor_tipo = 'bot' AND b.id > m.id "
            "ORDER BY b.id LIMIT 1) b ON true "
            "LEFT JOIN envios_canal e ON e.mensagem_id = b.id WHERE m.id_externo LIKE $1",
            f"{prefixo}%",
        )
    finally:
        await conexao.close()
    lag = [(float(r["em"]) - carga.enviadas[r["id_externo"]]) * 1000 for r in linhas]
    resposta = [(float(r["enviado"]) - float(r["em"])) * 1000 for r in linhas if r["enviado"]]
    return lag, resposta


async def _contagens(dsn: str, prefixo: str) -> dict:
    """What the run's messages became; envios of the answers to them only."""
    conexao = await asyncpg.connect(dsn)
    try:
        return dict(
            await conexao.fetchrow(
                "WITH dela AS (SELECT id, chamado_id FROM mensagens WHERE id_externo LIKE $1), "
                "respostas AS (SELECT DISTINCT ON (d.id) b.id FROM dela d JOIN mensagens b "
                "ON b.chamado_id = d.chamado_id AND b.autor_tipo = 'bot' AND b.id > d.id "
                "ORDER BY d.id, b.id) "
                "SELECT (SELECT count(*) FROM dela) AS guardadas, "
                "(SELECT count(DISTINCT id_externo) FROM mensagens WHERE id_externo LIKE $1) "
                "AS distintas, "
                "(SELECT count(*) FROM envios_canal WHERE mensagem_id IN (SELECT id FROM "
                "respostas)) AS envios, "
                "(SELECT count(*) FROM envios_canal WHERE estado = 'enviado' AND mensagem_id IN "
                "(SELECT id FROM respostas)) AS enviados, "
                "(SELECT count(*) FROM envios_canal WHERE estado = 'falhou' AND mensagem_id IN "
                "(SELECT id FROM respostas)) AS falharam",
                f"{prefixo}%",
            )
        )
    finally:
        await conexao.close()


def _cpu(pids: list[int]) -> float:
    return sum(_cpu_seconds(pid) for pid in pids)


def medir(database_url: str, por_segundo: float, segundos: float) -> dict:
    asyncio.run(seed.recreate_database(database_url))
    dsn = seed.asyncpg_dsn(database_url)
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(36),
        "CHAVE_SEGREDOS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": database_url,
        "AUTH_OPEN_SIGNUP": "false",
        "RATE_LIMIT_ENABLED": "false",
        "WORKER_EMBUTIDO": "false",
        "PERMITIR_DESTINOS_PRIVADOS": "true",
    }
    graph = FakeGraph()
    worker_log = RESULTS / "worker-canais.log"
    worker_log.unlink(missing_ok=True)
    with servir(graph.app()) as graph_url, running(env, 2, RESULTS / "server-canais.log") as api:
        asyncio.run(seed.insert_operator(database_url))
        token = seed.login(api.url)
        config = {
            "phone_number_id": PHONE_NUMBER_ID,
            "verify_token": "verifica-bench-123",
            "app_secret": APP_SECRET,
            "access_token": ACCESS_TOKEN,
            "api_base_url": graph_url,
        }
        canal = seed._post(
            f"{api.url}/canais/",
            json.dumps({"tipo": "whatsapp", "nome": "Bench", "config": config}).encode(),
            "application/json",
            token,
        )
        graph.webhook = api.url + canal["webhook_url"]
        processos = {"worker": _iniciar_worker(env, worker_log)}

        def matar_e_reiniciar() -> None:
            processos["worker"].send_signal(signal.SIGKILL)
            processos["worker"].wait()
            threading.Thread(
                target=lambda: processos.__setitem__("worker", _iniciar_worker(env, worker_log)),
                daemon=True,
            ).start()

        resultado: dict = {"por_segundo": por_segundo, "segundos": segundos}
        try:
            carga = Carga(graph.webhook)
            cpu_antes = (_cpu(api.workers()), _cpu(_postgres_pids()), time.process_time())
            pids_worker = [processos["worker"].pid]
            asyncio.run(
                carga.tocar(por_segundo, segundos, "wamid.IN", [(segundos / 2, matar_e_reiniciar)])
            )
            total = int(por_segundo * segundos)
            espera = asyncio.run(_esperar_fim(dsn, "wamid.IN", total, 300))
            pids_worker.append(processos["worker"].pid)
            cpu_depois = (_cpu(api.workers()), _cpu(_postgres_pids()), time.process_time())
            lag, resposta = asyncio.run(_atrasos(dsn, carga, "wamid.IN"))
            contagem = asyncio.run(_contagens(dsn, "wamid.IN"))
            origens = [r["origem"] for r in graph.recebidas]
            resultado["carga"] = {
                "mensagens": total,
                "erros_http": carga.erros,
                "ack_p50_ms": _pct(carga.acks_ms, 50),
                "ack_p95_ms": _pct(carga.acks_ms, 95),
                "ack_p99_ms": _pct(carga.acks_ms, 99),
                "lag_p50_ms": _pct(lag, 50),
                "lag_p95_ms": _pct(lag, 95),
                "lag_p99_ms": _pct(lag, 99),
                "resposta_p50_ms": _pct(resposta, 50),
                "resposta_p99_ms": _pct(resposta, 99),
                "espera_final_s": espera,
                **contagem,
                "recebidas_pela_meta": len(origens),
                "duplicadas_na_meta": len(origens) - len(set(origens)),
                "cpu_api_s": cpu_depois[0] - cpu_antes[0],
                "cpu_postgres_s": cpu_depois[1] - cpu_antes[1],
                "cpu_gerador_s": cpu_depois[2] - cpu_antes[2],
            }
            resultado["falha_do_provedor"] = _falha_do_provedor(graph, dsn)
            resultado["provedor_pendurado"] = _provedor_pendurado(graph, dsn)
        finally:
            processos["worker"].terminate()
            processos["worker"].wait(timeout=30)
    return resultado


def _falha_do_provedor(graph: FakeGraph, dsn: str, segundos_fora: float = 20.0) -> dict:
    """The Graph API answers 500 for a while: answers wait, then go out once each."""
    antes = len(graph.recebidas)
    graph.falhar_ate = time.monotonic() + segundos_fora
    carga = Carga(graph.webhook)
    asyncio.run(carga.tocar(10, 10, "wamid.FALHA", novos=1.0))  # every one a new ticket
    volta = graph.falhar_ate
    asyncio.run(_esperar_fim(dsn, "wamid.FALHA", 100, 600))
    pronto = time.monotonic()
    contagem = asyncio.run(_contagens(dsn, "wamid.FALHA"))
    novas = [r["origem"] for r in graph.recebidas[antes:]]
    return {
        "mensagens": 100,
        "segundos_fora": segundos_fora,
        "saiu_tudo_s_apos_voltar": max(0.0, pronto - volta),
        "enviadas_depois": len(novas),
        "duplicadas_na_meta": len(novas) - len(set(novas)),
        **contagem,
    }


def _provedor_pendurado(graph: FakeGraph, dsn: str, segundos: float = 20.0) -> dict:
    """The Graph API hangs past the client's timeout for a while, delivering half of what it
    got then: those must not go twice, the lost half must go once, after the wait for Meta's
    status echo (INCERTEZA)."""
    antes = len(graph.recebidas)
    inicio = time.monotonic()
    graph.pendurar_ate = inicio + segundos
    carga = Carga(graph.webhook)
    asyncio.run(carga.tocar(5, 10, "wamid.PENDURA", novos=1.0))
    asyncio.run(_esperar_fim(dsn, "wamid.PENDURA", 50, 900))
    contagem = asyncio.run(_contagens(dsn, "wamid.PENDURA"))
    novas = [r["origem"] for r in graph.recebidas[antes:]]
    return {
        "mensagens": 50,
        "segundos_pendurado": segundos,
        "saiu_tudo_s": time.monotonic() - inicio,
        "recebidas_pela_meta": len(set(novas)),
        "duplicadas_na_meta": len(novas) - len(set(novas)),
        **contagem,
    }


def tabela(resultado: dict) -> str:
    c, f = resultado["carga"], resultado["falha_do_provedor"]
    p = resultado["provedor_pendurado"]
    perdidas = c["mensagens"] - c["distintas"]
    nao_enviadas = c["envios"] - c["enviados"]
    return "\n".join(
        [
            f"Carga: {resultado['por_segundo']:.0f} mensagens/s assinadas por "
            f"{resultado['segundos']:.0f} s ({c['mensagens']} mensagens), worker separado "
            "(`atendimento worker`) morto com kill -9 na metade e reiniciado.",
            "",
            "| medida | valor |",
            "|---|---:|",
            f"| ack do webhook p50 / p95 / p99 (ms) | {c['ack_p50_ms']:.1f} / "
            f"{c['ack_p95_ms']:.1f} / {c['ack_p99_ms']:.1f} |",
            f"| erros HTTP no webhook | {c['erros_http']} |",
            f"| ack → mensagem na conversa p50 / p95 / p99 (ms) | {c['lag_p50_ms']:.0f} / "
            f"{c['lag_p95_ms']:.0f} / {c['lag_p99_ms']:.0f} |",
            f"| mensagem → resposta aceita pela Meta p50 / p99 (ms) | "
            f"{c['resposta_p50_ms']:.0f} / {c['resposta_p99_ms']:.0f} |",
            f"| mensagens guardadas (distintas) / perdidas | {c['distintas']} / {perdidas} |",
            f"| respostas automáticas enviadas / não enviadas | {c['enviados']} / {nao_enviadas} |",
            f"| respostas recebidas pela Meta falsa / duplicadas | {c['recebidas_pela_meta']} / "
            f"{c['duplicadas_na_meta']} |",
            f"| tudo pronto depois do fim da carga (s) | {c['espera_final_s']:.1f} |",
            f"| CPU: API / PostgreSQL / gerador e Meta falsa (s) | {c['cpu_api_s']:.1f} / "
            f"{c['cpu_postgres_s']:.1f} / {c['cpu_gerador_s']:.1f} |",
            "",
            f"Provedor fora: a Graph API falsa responde 500 por {f['segundos_fora']:.0f} s "
            f"enquanto chegam {f['mensagens']} mensagens: {f['enviados']} respostas saíram "
            f"depois, {f['duplicadas_na_meta']} duplicadas, {f['falharam']} falharam; "
            f"a última saiu {f['saiu_tudo_s_apos_voltar']:.1f} s depois de o provedor voltar.",
            "",
            f"Provedor pendurado: por {p['segundos_pendurado']:.0f} s a Graph API falsa só "
            f"responde depois de {PENDURA_S:.0f} s (o cliente desiste em 10 s) e entrega metade "
            f"do que recebeu nesse tempo, enquanto chegam {p['mensagens']} mensagens: "
            f"{p['recebidas_pela_meta']} respostas chegaram à Meta falsa, "
            f"{p['duplicadas_na_meta']} duplicadas, {p['enviados']} marcadas como enviadas, "
            f"{p['falharam']} falharam; tudo pronto {p['saiu_tudo_s']:.0f} s depois do início "
            "(as perdidas saem de novo só depois de 2 min sem o status da Meta).",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--por-segundo", type=float, default=80.0)
    parser.add_argument("--segundos", type=float, default=60.0)
    parser.add_argument("--sem-doc", action="store_true", help="não atualizar docs/performance.md")
    args = parser.parse_args(argv)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    resultado = medir(database_url, args.por_segundo, args.segundos)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "canais.json").write_text(json.dumps(resultado, indent=2))
    texto = tabela(resultado)
    print(texto)
    if not args.sem_doc:
        report.replace_section(
            "canais", f"Medido em {report.stamp()}: {report.machine()}.\n\n{texto}"
        )


if __name__ == "__main__":
    main()
