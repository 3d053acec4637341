"""`make bench` / `make bench-scale`: the service as production runs it, under wrk.

Throughput: 32 connections on loopback, warm-up then a fixed duration per scenario, every
ratio taken against /health measured in the same run. Scale: one connection, latency at
10 thousand and at 1 million chamados.
"""

import argparse
import asyncio
import base64
import dataclasses
import json
import multiprocessing
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from bench import paced, report, seed, wrk
from bench.server import Server, running

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/atendimento_bench"
API_CLIENTES = 20
BULK_CLIENTES = 980
TRIAGE_LOAD_NAME = "GET /health sob triagem de mensagens longas"
TRIAGE_LOAD_BURST = 10  # concurrent messages per burst: the "10 at once"
# /health as probes and light traffic see it: few connections, so the figure shows the event
# loop's stalls rather than a CPU saturated by wrk itself.
TRIAGE_LOAD_HEALTH_CONNECTIONS = 4
REDIS_URL = "redis://127.0.0.1:6379/0"
BULK_CHAMADOS = 10_000
SCALE_CLIENTES = 10_000
SCALE_SMALL, SCALE_LARGE = 10_000, 1_000_000


@dataclass
class Options:
    database_url: str
    workers: int
    connections: int
    threads: int
    duration: float
    warmup: float
    only: str | None
    learned: bool
    limits: bool
    triage_load: bool
    write_doc: bool


@dataclass
class Context:
    server: Server
    token: str
    dataset: seed.Dataset
    nonce: str = field(default_factory=lambda: secrets.token_hex(3))


def _env(options: Options, **extra: str) -> dict[str, str]:
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(36),  # 48 characters
        "CHAVE_SEGREDOS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DATABASE_URL": options.database_url,
        "AUTH_OPEN_SIGNUP": "false",
        "RATE_LIMIT_ENABLED": "false",
        "TRIAGE_BACKEND": "keywords",
        **extra,
    }


# name, wrk script, path (with {id} for spread ids), kind of arguments
SCENARIOS = [
    ("GET /health", "get.lua", "/health", "public"),
    ("GET /chamados/?limit=10", "get.lua", "/chamados/?limit=10", "token"),
    ("GET /chamados/?canal=whatsapp&limit=10", "get.lua", "/chamados/?canal=whatsapp&limit=10",
     "token"),
    ("GET /chamados/cliente/{id}", "get_ids.lua", "/chamados/cliente/{id}", "clientes"),
    ("GET /clientes/{id}", "get_ids.lua", "/clientes/{id}", "clientes"),
    ("GET /metricas/", "get.lua", "/metricas/", "token"),
    ("GET /metricas/por-canal", "get.lua", "/metricas/por-canal", "token"),
    ("POST /chamados/", "post_chamado.lua", "/chamados/", "chamado"),
    ("POST /auth/login", "login.lua", "/auth/login", "login"),
    # Conversations (issue 11): an operator's own queue, and a reply into a ticket's thread.
    ("GET /chamados/?atendente_id=me&limit=10", "get.lua", "/chamados/?atendente_id=me&limit=10",
     "token"),
    ("POST /chamados/{id}/mensagens", "post_mensagem.lua", "/", "mensagem"),
]  # fmt: skip


def _args(kind: str, path: str, ctx: Context) -> list[str]:
    first, last = str(ctx.dataset.first_cliente), str(ctx.dataset.last_cliente)
    return {
        "public": ["-"],
        "token": [ctx.token],
        "clientes": [ctx.token, path, first, last],
        "chamado": [ctx.token, first, last, ctx.nonce],
        "login": [seed.BENCH_USER, seed.BENCH_PASSWORD],
        "mensagem": [ctx.token, "1", str(ctx.dataset.last_chamado)],
    }[kind]


def _url(ctx: Context, script: str, path: str) -> str:
    return ctx.server.url + ("/" if script in ("get_ids.lua", "post_mensagem.lua") else path)


def measure(
    ctx: Context, options: Options, script: str, path: str, kind: str, *, connections: int
) -> wrk.WrkResult:
    url, args = _url(ctx, script, path), _args(kind, path, ctx)
    common = {"connections": connections, "threads": options.threads}
    if options.warmup:
        wrk.run(url, script, args, duration_s=options.warmup, **common)
    return timed(
        ctx.server, lambda: wrk.run(url, script, args, duration_s=options.duration, **common)
    )


def timed(server: Server, load: Callable[[], wrk.WrkResult]) -> wrk.WrkResult:
    """Run the load and attach the CPU each request cost in the workers and in PostgreSQL."""
    before = server.cpu()
    result = load()
    app, db = server.cpu().since(before)
    requests = max(result.requests, 1)
    return replace(result, app_cpu_ms=app * 1000 / requests, db_cpu_ms=db * 1000 / requests)


def measure_post(ctx: Context, options: Options, label: str) -> tuple[str, wrk.WrkResult, str]:
    """POST /chamados/ plus the durability check: every 201 is a committed row."""
    url = ctx.server.url + "/chamados/"
    args = _args("chamado", "/chamados/", ctx)
    common = {"connections": options.connections, "threads": options.threads}
    if options.warmup:
        wrk.run(url, "post_chamado.lua", args, duration_s=options.warmup, **common)
    ctx.nonce = secrets.token_hex(3)  # fresh messages for the measured run as well
    before = asyncio.run(seed.count_chamados(options.database_url))
    last_id = asyncio.run(seed.max_chamado_id(options.database_url))
    args = _args("chamado", "/chamados/", ctx)
    result = timed(
        ctx.server,
        lambda: wrk.run(url, "post_chamado.lua", args, duration_s=options.duration, **common),
    )
    time.sleep(1)  # requests wrk abandoned at the deadline may still commit
    stored = asyncio.run(seed.count_chamados(options.database_url)) - before
    durable = "sim" if stored >= result.created else f"NÃO ({stored} < {result.created})"
    backends = asyncio.run(seed.backends_since(options.database_url, last_id))
    note = (
        f"{label}; {result.created} × 201, gravados {stored}: duráveis {durable}; "
        f"triagem gravada: {backends}"
    )
    return "POST /chamados/", result, note


def _print_row(name: str, result: wrk.WrkResult, health_rps: float, note: str = "") -> None:
    ratio = result.rps / health_rps * 100 if health_rps else 100.0
    print(
        f"{name:45s} {result.rps:9,.0f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms  erros {result.errors:5d}  {ratio:6.1f}%  "
        f"CPU/req app {result.app_cpu_ms:5.2f} ms db {result.db_cpu_ms:5.2f} ms  {note}",
        flush=True,
    )


def _start_and_seed(options: Options, env: dict[str, str], log: str):
    return running(env, options.workers, RESULTS / log)


def throughput(options: Options) -> dict:
    asyncio.run(seed.recreate_database(options.database_url))
    rows: list[tuple[str, wrk.WrkResult, str]] = []
    memory: dict[str, float] = {}
    extra: dict[str, str] = {}
    health_rps = 0.0
    with _start_and_seed(options, _env(options), "server-keywords.log") as server:
        user_id = asyncio.run(seed.insert_operator(options.database_url))
        token = seed.login(server.url)
        api_ids = seed.seed_through_api(server.url, token, API_CLIENTES)
        first, last = asyncio.run(seed.bulk_clientes(options.database_url, BULK_CLIENTES))
        dataset = seed.Dataset(user_id, min(first, *api_ids), max(last, *api_ids))
        asyncio.run(
            seed.bulk_chamados(options.database_url, dataset, 1, BULK_CHAMADOS, BULK_CHAMADOS)
        )
        asyncio.run(seed.rebuild_counters_and_analyze(options.database_url))
        last_chamado = asyncio.run(seed.max_chamado_id(options.database_url))
        dataset = dataclasses.replace(dataset, last_chamado=last_chamado)
        ctx = Context(server, token, dataset)
        print(
            f"dados: {BULK_CHAMADOS + API_CLIENTES} chamados, {last} clientes; "
            f"{options.workers} workers; {options.connections} conexões",
            flush=True,
        )
        for name, script, path, kind in SCENARIOS:
            if options.only and options.only not in name and name != "GET /health":
                continue
            if kind == "chamado":
                row = measure_post(ctx, options, "triagem `keywords`")
            elif kind == "login":
                # Within the hash queue (PASSWORD_HASH_MAX_PENDING per worker): past it a login
                # is refused with a fast 503, which the flood scenario below measures.
                result = measure(ctx, options, script, path, kind, connections=LOGIN_CONNECTIONS)
                note = f"limitado pelo hash da senha (argon2id); {LOGIN_CONNECTIONS} conexões"
                row = (name, result, note)
            else:
                result = measure(ctx, options, script, path, kind, connections=options.connections)
                row = (name, result, "")
            if name == "GET /health":
                health_rps = row[1].rps
            rows.append(row)
            _print_row(row[0], row[1], health_rps, row[2])
        if not options.only or options.only in LOGIN_FLOOD_NAME:
            for row in reads_under_login_flood(ctx, options):
                rows.append(row)
                _print_row(row[0], row[1], health_rps, row[2])
        memory["keywords"] = server.memory.peak_mib()

    if options.learned:
        env = _env(options, TRIAGE_BACKEND="local")
        try:
            with _start_and_seed(options, env, "server-local.log") as server:
                ctx = Context(server, seed.login(server.url), dataset)
                row = measure_post(ctx, options, "triagem aprendida (`local`)")
                rows.append(row)
                _print_row(row[0], row[1], health_rps, row[2])
                memory["local"] = server.memory.peak_mib()
        except RuntimeError as exc:
            extra["learned"] = f"não medido: {exc}"
            print(extra["learned"], flush=True)

    if options.limits:
        # Budgets no run can spend: what is measured is the cost of counting (a Redis round
        # trip per budget: the account's and its empresa's), not the cost of refusing.
        env = _env(
            options,
            RATE_LIMIT_ENABLED="true",
            REDIS_URL="redis://127.0.0.1:6379/0",
            RATE_LIMIT_DEFAULT="100000000/minute",
            RATE_LIMIT_EMPRESA="100000000/minute",
            RATE_LIMIT_KEY_PREFIX=f"bench{secrets.token_hex(4)}",
        )
        with _start_and_seed(options, env, "server-limits.log") as server:
            ctx = Context(server, seed.login(server.url), dataset)
            for name, script, path, kind in SCENARIOS[1:3] + SCENARIOS[5:6]:
                result = measure(ctx, options, script, path, kind,
                                 connections=options.connections)  # fmt: skip
                label = f"{name} (limites ligados, Redis)"
                note = f"{result.status_errors} respostas não-2xx"
                rows.append((label, result, note))
                _print_row(label, result, health_rps, note)
            memory["limits"] = server.memory.peak_mib()

    if options.triage_load and (not options.only or options.only in TRIAGE_LOAD_NAME):
        for row in health_under_triage(options):
            rows.append(row)
            _print_row(row[0], row[1], health_rps, row[2])

    return {"rows": rows, "health_rps": health_rps, "memory": memory, "extra": extra}


LOGIN_CONNECTIONS = 8
LOGIN_FLOOD_CONNECTIONS = 40
LOGIN_FLOOD_NAME = "GET /auth/me durante enxurrada de logins errados"


def reads_under_login_flood(ctx: Context, options: Options) -> list[tuple[str, wrk.WrkResult, str]]:
    """Authenticated reads, alone and while 40 connections send wrong passwords nonstop.

    Limits are off in this run, so every attempt reaches the password hash: what is measured
    is whether hashing starves everything else (it took the median of authenticated GETs from
    5 ms to 301 ms before the bounded, reniced hash queue).
    """
    me_url, login_url = ctx.server.url + "/auth/me", ctx.server.url + "/auth/login"
    reads = {"connections": 4, "threads": 1, "duration_s": options.duration}
    calm = timed(ctx.server, lambda: wrk.run(me_url, "get.lua", [ctx.token], **reads))
    flood: list[wrk.WrkResult] = []
    flooding = threading.Thread(
        target=lambda: flood.append(
            wrk.run(
                login_url,
                "login.lua",
                [seed.BENCH_USER, "senha-errada-de-proposito"],
                connections=LOGIN_FLOOD_CONNECTIONS,
                threads=1,
                duration_s=options.duration + 2,
            )
        )
    )
    flooding.start()
    time.sleep(1)  # the flood is at full speed before the reads start
    busy = timed(ctx.server, lambda: wrk.run(me_url, "get.lua", [ctx.token], **reads))
    flooding.join()
    attempts = flood[0]
    note = (
        f"{LOGIN_FLOOD_CONNECTIONS} conexões de logins errados: {attempts.rps:,.0f} tentativas/s "
        f"(401, ou 503 na hora com a fila de hash cheia); leituras com 4 conexões"
    )
    return [("GET /auth/me (4 conexões)", calm, ""), (LOGIN_FLOOD_NAME, busy, note)]


def _default_rate_limit() -> str:
    from src.core.config import Settings

    default = Settings.model_fields["rate_limit_default"].default
    return os.environ.get("RATE_LIMIT_DEFAULT") or default


def health_under_triage(options: Options) -> list[tuple[str, wrk.WrkResult, str]]:
    """/health under wrk while one account classifies 5,000-character messages with the
    learned triage at its full request budget (limits on, Redis, the default budget)."""
    rate_limit = _default_rate_limit()
    env = _env(
        options,
        TRIAGE_BACKEND="local",
        RATE_LIMIT_ENABLED="true",
        REDIS_URL=REDIS_URL,
        RATE_LIMIT_DEFAULT=rate_limit,
        RATE_LIMIT_KEY_PREFIX=f"bench{secrets.token_hex(4)}",
    )
    with _start_and_seed(options, env, "server-triage-load.log") as server:
        token = seed.login(server.url)
        ctx = Context(server, token, seed.Dataset(0, 0, 0))
        calm = measure(ctx, options, "get.lua", "/health", "public",
                       connections=TRIAGE_LOAD_HEALTH_CONNECTIONS)  # fmt: skip
        rate = paced.per_second(rate_limit)
        load = paced.PacedLoad(server.url, token, rate, TRIAGE_LOAD_BURST).start()
        started = time.monotonic()
        try:
            busy = measure(ctx, options, "get.lua", "/health", "public",
                           connections=TRIAGE_LOAD_HEALTH_CONNECTIONS)  # fmt: skip
        finally:
            result = load.stop()
        elapsed = time.monotonic() - started
    note = (
        f"{TRIAGE_LOAD_HEALTH_CONNECTIONS} conexões; uma conta no limite ({rate_limit}, "
        f"rajadas de {TRIAGE_LOAD_BURST}): "
        f"{result.summary(elapsed)}; máx. /health {busy.max_ms:.0f} ms"
    )
    idle = f"GET /health ({TRIAGE_LOAD_HEALTH_CONNECTIONS} conexões, triagem `local` ociosa)"
    return [(idle, calm, ""), (TRIAGE_LOAD_NAME, busy, note)]


_DESDE_30_DIAS = (date.today() - timedelta(days=30)).isoformat()
SCALE_ENDPOINTS = [
    ("GET /chamados/?limit=10", "/chamados/?limit=10"),
    ("GET /chamados/?canal=whatsapp&limit=10", "/chamados/?canal=whatsapp&limit=10"),
    ("GET /chamados/?status_filtro=encaminhado&limit=10",
     "/chamados/?status_filtro=encaminhado&limit=10"),
    ("GET /chamados/?status_filtro=aberto&canal=email&limit=10",
     "/chamados/?status_filtro=aberto&canal=email&limit=10"),
    ("GET /chamados/?skip=1000&limit=10", "/chamados/?skip=1000&limit=10"),
    ("GET /chamados/cliente/{id}", "/chamados/cliente/{id}"),
    ("GET /chamados/{id}", "/chamados/{id}"),
    ("GET /clientes/{id}", "/clientes/{id}"),
    ("GET /metricas/", "/metricas/"),
    ("GET /metricas/por-canal", "/metricas/por-canal"),
    ("GET /metricas/por-status", "/metricas/por-status"),
    ("GET /metricas/por-intencao", "/metricas/por-intencao"),
    # Conversations (issue 11): queues, SLA order, search, labels and the new métricas.
    ("GET /chamados/?atendente_id=me&limit=10", "/chamados/?atendente_id=me&limit=10"),
    ("GET /chamados/?sem_atendente=true&limit=10", "/chamados/?sem_atendente=true&limit=10"),
    ("GET /chamados/?ordenar=sla&limit=10", "/chamados/?ordenar=sla&limit=10"),
    ("GET /chamados/?sla_estado=violado&limit=10", "/chamados/?sla_estado=violado&limit=10"),
    ("GET /chamados/?q=roteador&limit=10 (palavra rara)", "/chamados/?q=roteador&limit=10"),
    ("GET /chamados/?q=boleto&limit=10 (palavra comum)", "/chamados/?q=boleto&limit=10"),
    ("GET /chamados/{id}/mensagens", "/chamados/{id}/mensagens"),
    ("GET /metricas/sla", "/metricas/sla"),
    ("GET /metricas/csat", "/metricas/csat"),
    ("GET /metricas/atendentes", "/metricas/atendentes"),
    ("GET /metricas/periodo?intervalo=dia", "/metricas/periodo?intervalo=dia"),
    ("GET /metricas/sla?agrupar_por=intencao", "/metricas/sla?agrupar_por=intencao"),
    ("GET /metricas/atendentes (últimos 30 dias)", f"/metricas/atendentes?desde={_DESDE_30_DIAS}"),
    ("GET /metricas/periodo?intervalo=mes", "/metricas/periodo?intervalo=mes"),
]  # fmt: skip
# Aggregates over every ticket and searches for a common word: measured even with fewer
# requests (they are slower than the lists; the figure says by how much).
SCALE_SLOW_OK = (
    "/metricas/sla",
    "/metricas/csat",
    "/metricas/atendentes",
    "/metricas/periodo",
    "/chamados/?q=",
)


def _single_client(ctx: Context, options: Options, path: str, chamados: int) -> wrk.WrkResult:
    if "{id}" in path:
        por_chamado = path.startswith("/chamados/{id}")
        last = chamados if por_chamado else ctx.dataset.last_cliente
        first = 1 if por_chamado else ctx.dataset.first_cliente
        script, args = "get_ids.lua", [ctx.token, path, str(first), str(last)]
        url = ctx.server.url + "/"
    else:
        script, args, url = "get.lua", [ctx.token], ctx.server.url + path
    common = {"connections": 1, "threads": 1}
    wrk.run(url, script, args, duration_s=1, **common)
    result = wrk.run(url, script, args, duration_s=max(3.0, options.duration / 3), **common)
    if result.requests < 200 and not path.startswith(SCALE_SLOW_OK):
        raise RuntimeError(f"{path}: só {result.requests} requisições; aumente --duration")
    return result


def scale(options: Options) -> dict:
    asyncio.run(seed.recreate_database(options.database_url))
    results: dict[int, dict[str, wrk.WrkResult]] = {}
    timings: dict[str, float] = {}
    with _start_and_seed(options, _env(options), "server-scale.log") as server:
        user_id = asyncio.run(seed.insert_operator(options.database_url))
        token = seed.login(server.url)
        first, last = asyncio.run(seed.bulk_clientes(options.database_url, SCALE_CLIENTES))
        dataset = seed.Dataset(user_id, first, last)
        ctx = Context(server, token, dataset)
        loaded = 0
        for target in (SCALE_SMALL, SCALE_LARGE):
            started = time.monotonic()
            asyncio.run(
                seed.bulk_chamados(options.database_url, dataset, loaded + 1, target, target)
            )
            asyncio.run(seed.bulk_mensagens(options.database_url, loaded + 1, target))
            asyncio.run(seed.rebuild_counters_and_analyze(options.database_url))
            timings[f"carga até {target:,}"] = time.monotonic() - started
            print(
                f"{target:,} chamados carregados em {timings[f'carga até {target:,}']:.0f} s",
                flush=True,
            )
            loaded = target
            results[target] = {}
            for name, path in SCALE_ENDPOINTS:
                result = _single_client(ctx, options, path, target)
                results[target][name] = result
                print(
                    f"{target:>9,} {name:55s} p50 {result.p50_ms:6.2f} ms  "
                    f"p99 {result.p99_ms:6.2f} ms  ({result.requests} req)",
                    flush=True,
                )
        memory = {"scale": server.memory.peak_mib()}
    rows = [(name, results[SCALE_SMALL][name], results[SCALE_LARGE][name])
            for name, _ in SCALE_ENDPOINTS]  # fmt: skip
    return {"rows": rows, "timings": timings, "memory": memory}


def _write_throughput_doc(data: dict, options: Options) -> None:
    memory = ", ".join(f"{k}: {v:.0f} MiB" for k, v in data["memory"].items())
    extra = "".join(f"\n\n{value}" for value in data["extra"].values())
    body = (
        f"Última execução: {report.stamp()} — {report.machine()}.\n"
        f"`{options.workers}` workers gunicorn/uvicorn, {options.connections} conexões, "
        f"aquecimento {options.warmup:.0f} s, medição {options.duration:.0f} s por cenário.\n\n"
        + report.throughput_table(data["rows"], data["health_rps"])
        + f"\n\nPico de RSS por worker (VmHWM, maior entre os workers): {memory}."
        + extra
    )
    report.replace_section("throughput", body)


def _write_scale_doc(data: dict) -> None:
    timings = ", ".join(f"{k}: {v:.0f} s" for k, v in data["timings"].items())
    body = (
        f"Última execução: {report.stamp()} — {report.machine()}.\n"
        f"Uma conexão (latência sem fila); {SCALE_CLIENTES:,} clientes. Tempo de carga "
        f"(SQL em massa + recontagem + VACUUM ANALYZE): {timings}.\n\n"
        + report.scale_table(data["rows"])
        + f"\n\nPico de RSS por worker: {data['memory']['scale']:.0f} MiB."
    )
    report.replace_section("scale", body)


def _save(name: str, data: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    serializable = json.loads(json.dumps(data, default=lambda o: asdict(o)))
    (RESULTS / f"{name}-{int(time.time())}.json").write_text(json.dumps(serializable, indent=2))


def _parse(argv: list[str]) -> tuple[Options, bool]:
    default_workers = max(2, min(multiprocessing.cpu_count(), 8))  # as gunicorn.conf.py
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", action="store_true", help="latência com 10 mil e 1 milhão")
    parser.add_argument("--duration", type=float, default=15, help="segundos medidos")
    parser.add_argument("--warmup", type=float, default=5, help="segundos de aquecimento")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="threads do wrk")
    parser.add_argument("--only", help="só os cenários cujo nome contém este texto")
    parser.add_argument("--no-learned", action="store_true", help="pula a triagem aprendida")
    parser.add_argument("--no-limits", action="store_true", help="pula a rodada com limites")
    parser.add_argument(
        "--no-triage-load", action="store_true", help="pula /health sob triagem no limite"
    )
    parser.add_argument("--no-doc", action="store_true", help="não atualiza docs/performance.md")
    args = parser.parse_args(argv)
    options = Options(
        database_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB),
        workers=int(os.environ.get("WEB_CONCURRENCY", default_workers)),
        connections=args.connections,
        threads=args.threads,
        duration=args.duration,
        warmup=args.warmup,
        only=args.only,
        learned=not args.no_learned,
        limits=not args.no_limits,
        triage_load=not args.no_triage_load,
        write_doc=not args.no_doc,
    )
    return options, args.scale


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # Turn SIGTERM into SystemExit so the `finally` blocks stop gunicorn.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    options, scale_mode = _parse(sys.argv[1:] if argv is None else argv)
    wrk.require_wrk()
    seed.check_bench_url(options.database_url)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    if scale_mode:
        data = scale(options)
        _save("scale", data)
        if options.write_doc:
            _write_scale_doc(data)
    else:
        data = throughput(options)
        _save("throughput", data)
        if options.write_doc and not options.only:
            _write_throughput_doc(data, options)


if __name__ == "__main__":
    main()
