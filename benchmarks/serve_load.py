"""How fast the served site answers under load: a pair's dashboard against the login page as the floor.

    .venv/bin/python benchmarks/serve_load.py                 # SQLite, 1 and 50 clients, 20 s each
    .venv/bin/python benchmarks/serve_load.py --postgres      # and PostgreSQL (scratch database)
    .venv/bin/python benchmarks/serve_load.py --duration 5 --clients 1 --clients 10

What is served is what ``make serve`` serves, started by ``make serve`` itself (the install stamps taken
as up to date, so nothing is installed): config.settings.production under gunicorn, after migrate and
collectstatic, bound to 127.0.0.1 on a free port. The database is made for the run and thrown away: a
SQLite file in a temporary directory, and with ``--postgres`` a scratch database ``shanhai_bench_serve``
created and dropped on the server DATABASE_URL names (its database name is not used). The demo is
loaded into it the way ``manage.py demo_load`` loads it.

The client is asyncio streams in this process, one request per connection (``Connection: close``),
each client sending its next request when the last answer has been read in full. It logs in once as
``kunshan`` (the demo's password) and every client uses that session for the dashboard of KS-BJ
(昆山—碧江) for 2019, the page the seeds' county office opens; the login page is fetched without a
session (logged in, it only redirects). A request is an error unless it answers 200 with the page's
own marker in the body within the timeout (default 60 s, nginx's default proxy_read_timeout: what a
user behind the usual proxy would get as a 504). Latencies are from connect to the last byte, so they
include the queue in front of gunicorn's workers when there are more clients than threads.

Bounded: a measurement sends no new request after its duration, and waits at most the timeout for
those in flight, so it lasts at most duration + timeout. Requests given up on are still worked off
by the server; before the next measurement the script waits (up to three minutes) until the login
page answers quickly again, and prints how long that took.

The issue's target: dashboard p95 ≤ 150 ms at 50 clients, no errors. Other work on the machine shows
in the figures; the load average at the start and at the end says how much there was.
"""

import argparse
import asyncio
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shanhai"
SCRATCH_DB = "shanhai_bench_serve"
STAMPS = [".venv/.stamp-install", "node_modules/.package-lock.json"]
HOST = "127.0.0.1"  # this benchmark talks to the loopback only
PAIRING, YEAR, USERNAME = "KS-BJ", 2019, "kunshan"
LOGIN_MARKER = "登录山海系统"


# --- child: make the database ----------------------------------------------------------------------


def prepare_database() -> dict:
    """Runs in a child whose DATABASE_URL names an empty database: migrate, demo, the pair's id."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    from shanhai.demo.accounts import PASSWORD
    from shanhai.demo.services import demo_load
    from shanhai.pairings.models import Pairing

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    demo_load()
    demo_s = time.perf_counter() - t0
    # The id the pair's pages use in their URLs (reports:dashboard takes the pairing's primary key).
    pk = Pairing.objects.get(reference=PAIRING).pk
    return {"pk": pk, "password": PASSWORD, "migrate_s": migrate_s, "demo_s": demo_s}


# --- the server -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def served(url: str, workdir: Path, *, workers: int, threads: int, log_name: str):
    """``make serve`` on a free port, in its own process group; yields the base URL, stops it after."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHANHAI_", "DJANGO_"))}
    env.update(
        DATABASE_URL=url,
        SHANHAI_SECRET_KEY=secrets.token_urlsafe(60),
        SHANHAI_STATIC_ROOT=str(workdir / "static"),
        SHANHAI_SSL_REDIRECT="0",  # plain HTTP on the loopback, no TLS proxy in front
        SHANHAI_LOG_LEVEL="WARNING",
        GUNICORN_CMD_ARGS="--no-control-socket",  # one control socket per user would be shared
    )
    cmd = ["make", "--no-print-directory", *(a for s in STAMPS for a in ("-o", s)), "serve",
           f"HOST={HOST}", f"PORT={port}", f"WORKERS={workers}", f"THREADS={threads}"]
    log = workdir / log_name
    with open(log, "wb") as out:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"make serve did not answer:\n{log.read_text()[-3000:]}")
            try:
                status, _, _ = asyncio.run(request(port, "/login/"))
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.25)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the client -------------------------------------------------------------------------------------


async def request(port: int, path: str, *, cookies: dict | None = None, form: dict | None = None):
    """One HTTP/1.1 request on its own connection: (status, headers as (name, value) list, body)."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        lines = [f"{'POST' if form else 'GET'} {path} HTTP/1.1", f"Host: {HOST}:{port}", "Connection: close",
                 "Accept-Language: zh-CN"]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        body = b""
        if form:
            body = urllib.parse.urlencode(form).encode()
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    status = int(head_lines[0].split()[1])
    headers = [tuple(part.strip() for part in line.split(":", 1)) for line in head_lines[1:] if ":" in line]
    if any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers):
        content = dechunk(content)
    return status, headers, content


def dechunk(data: bytes) -> bytes:
    out, rest = [], data
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out.append(rest[:size])
        rest = rest[size + 2:]
    return b"".join(out)


def set_cookies(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key.strip()] = rest.split(";", 1)[0]
    return found


async def log_in(port: int, password: str) -> dict:
    status, headers, body = await request(port, "/login/")
    cookies = set_cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, headers, _ = await request(port, "/login/", cookies=cookies,
                                       form={"csrfmiddlewaretoken": token, "username": USERNAME,
                                             "password": password, "next": ""})
    session = set_cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise SystemExit(f"logging in as {USERNAME} failed: {status}")
    return {**cookies, "sessionid": session}


async def load(port: int, path: str, marker: str, *, clients: int, duration: float, timeout: float,
               cookies: dict | None):
    latencies, errors = [], []
    stop = time.perf_counter() + duration

    async def client():
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            try:
                status, _, body = await asyncio.wait_for(request(port, path, cookies=cookies), timeout)
                ok = status == 200 and marker.encode() in body
                reason = None if ok else f"status {status}"
            except TimeoutError:
                ok, reason = False, "timeout"
            except OSError as exc:
                ok, reason = False, type(exc).__name__
            elapsed = time.perf_counter() - t0
            if ok:
                latencies.append(elapsed)
            else:
                errors.append(reason)

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall = time.perf_counter() - t0
    return summary(latencies, errors, wall)


def drain(port: int, *, quick_ms: float, limit_s: float = 180) -> float:
    """Waits until three login pages in a row answer within quick_ms: the server has worked off
    what the last measurement left. Returns the seconds waited."""
    t0 = time.perf_counter()
    quick = 0
    while quick < 3 and time.perf_counter() - t0 < limit_s:
        t1 = time.perf_counter()
        asyncio.run(request(port, "/login/"))
        quick = quick + 1 if (time.perf_counter() - t1) * 1000 < quick_ms else 0
        time.sleep(0.2)
    return time.perf_counter() - t0


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


def summary(latencies: list[float], errors: list, wall: float) -> dict:
    ms = sorted(x * 1000 for x in latencies)
    kinds = {}
    for e in errors:
        kinds[e] = kinds.get(e, 0) + 1
    return {"requests": len(latencies) + len(errors), "errors": len(errors), "error_kinds": kinds,
            "rps": (len(latencies) + len(errors)) / wall, "p50": percentile(ms, 50), "p95": percentile(ms, 95),
            "p99": percentile(ms, 99)}


# --- parent: orchestrates, prints -------------------------------------------------------------------


def measure(backend: str, url: str, workdir: Path, args) -> list[tuple]:
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, __file__, "--prepare"], env=env, cwd=ROOT, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    prepared = json.loads(out.strip().splitlines()[-1])
    print(f"  (migrate {prepared['migrate_s']:.1f} s, demo {prepared['demo_s']:.1f} s, not counted)")
    dashboard = f"/reports/dashboard/{prepared['pk']}/?year={YEAR}"
    rows = []
    with served(url, workdir, workers=args.workers, threads=args.threads, log_name=f"serve-{backend}.log") as port:
        cookies = asyncio.run(log_in(port, prepared["password"]))
        # Warm up: the first answers of each worker load templates and open connections.
        for _ in range(args.workers * 2):
            asyncio.run(request(port, dashboard, cookies=cookies))
            asyncio.run(request(port, "/login/"))
        floor_ms = summary_ms(port)
        for clients in args.clients:
            login = asyncio.run(load(port, "/login/", LOGIN_MARKER, clients=clients, duration=args.duration,
                                     timeout=args.timeout, cookies=None))
            dash = asyncio.run(load(port, dashboard, f"{PAIRING}</span>", clients=clients,
                                    duration=args.duration, timeout=args.timeout, cookies=cookies))
            rows.append((backend, clients, "dashboard", dash))
            rows.append((backend, clients, "login", login))
            report_pair(backend, clients, dash, login)
            waited = drain(port, quick_ms=max(50.0, 5 * floor_ms))
            if waited > 1:
                print(f"  (then waited {waited:.0f} s for the server to work off abandoned requests)")
    return rows


def summary_ms(port: int) -> float:
    """The idle login page's median, one request at a time: what "quick again" means for drain()."""
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        asyncio.run(request(port, "/login/"))
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2]


def report_pair(backend: str, clients: int, dash: dict, login: dict) -> None:
    for name, r in (("dashboard " + PAIRING + f" {YEAR}", dash), ("login page (floor)", login)):
        kinds = f"  {r['error_kinds']}" if r["error_kinds"] else ""
        print(f"  {backend:<10} {clients:>3} clients  {name:<24} {r['requests']:>7,} req {r['errors']:>5} err "
              f"{r['rps']:>8.1f} req/s  p50 {r['p50']:>7.1f}  p95 {r['p95']:>7.1f}  p99 {r['p99']:>7.1f} ms{kinds}")
    print(f"  {'':<10} {clients:>3} clients  ratio dashboard p95 / login p95: {dash['p95'] / login['p95']:.1f} ×")


def table(rows: list[tuple]) -> None:
    print("\n| database | clients | page | requests | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for backend, clients, page, r in rows:
        print(f"| {backend} | {clients} | {page} | {r['requests']:,} | {r['errors']} | {r['rps']:.1f} "
              f"| {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} |")
    for i in range(0, len(rows), 2):
        (backend, clients, _, dash), (_, _, _, login) = rows[i], rows[i + 1]
        print(f"| {backend} | {clients} | ratio dashboard p95 ÷ login p95 | {dash['p95'] / login['p95']:.1f} × "
              "| | | | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per page and client count")
    parser.add_argument("--clients", type=int, action="append", help="concurrent clients (repeatable; 1 and 50)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a request counts as an error")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (make serve's default)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (make serve's default)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL too, in a scratch database")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(prepare_database()))
        return
    args.clients = args.clients or [1, 50]

    print(f"serve_load: gunicorn {args.workers} workers × {args.threads} threads, {args.duration:g} s per page "
          f"and client count, timeout {args.timeout:g} s; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    rows = []
    with tempfile.TemporaryDirectory(prefix="shanhai-serve-") as tmp:
        workdir = Path(tmp)
        print("\nsqlite")
        rows += measure("sqlite", f"sqlite:///{workdir / 'serve.sqlite3'}", workdir, args)
        if args.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from regions_load import postgres_server, scratch_database

            url = os.environ.get("DATABASE_URL") or DEFAULT_PG
            admin, reason = postgres_server(url)
            if admin is None:
                print(f"\npostgres: SKIPPED, not reachable: {reason}")
            else:
                with scratch_database(admin, url, SCRATCH_DB) as (scratch, version):
                    print(f"\npostgres {version}")
                    rows += measure("postgres", scratch, workdir, args)
    table(rows)
    print("\nload average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
