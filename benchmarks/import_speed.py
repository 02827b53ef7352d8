"""How fast a ledger file imports, against the floor of writing the same rows raw.

    .venv/bin/python benchmarks/import_speed.py                  # 5,000 rows, SQLite and PostgreSQL
    .venv/bin/python benchmarks/import_speed.py --rows 10000 --no-postgres

Set-up (not timed): a fresh database (SQLite file; PostgreSQL scratch database
``shanhai_bench_import``, created and dropped), migrated, the demo loaded. Then a CSV of ``--rows``
employment outcomes (the 就业情况 template, one person a row under 昆山 ↔ 碧江) is imported:

  import      ``import_file`` as the 碧江区 office: every check (cells, references, scope, the
              preview's 100× changes and likely duplicates), the records and their audit trail
  bad last    the same file with its last row's region code wrong: refused, nothing written
  floor       the same rows' values inserted raw through the same connection, references given as
              ids (``executemany`` on SQLite; ``COPY`` on PostgreSQL), no check and no trail

Peak memory of the import (tracemalloc) is printed beside it.
"""

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from regions_load import DEFAULT_PG, postgres_server, scratch_database

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["台账编号", "劳动力来源", "来源地区划代码", "就业去向", "就业地", "就业地区划代码", "用工单位", "结对编号", "年度",
          "上岗日期", "在岗月数", "人数", "其中建档立卡贫困劳动力", "登记方式", "数额限定"]


def start_of(i: int):
    import datetime

    return datetime.date(2019 + i % 2, 1 + i % 9, 10 + i % 10)


def file_of(rows: int, run: str, bad_last: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(rows):
        west = "529999" if bad_last and i == rows - 1 else "520602"
        writer.writerow([f"{run}-{i}", "碧江区劳动力", west, "结对东部城市", "昆山市", "320583", "昆山某企业", "KS-BJ",
                         2019 + i % 2, start_of(i).isoformat(), i % 12, 1, i % 2, "逐笔登记", "确数"])
    return out.getvalue().encode("utf-8")


def measure(backend: str, rows: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    from shanhai.demo.services import demo_load

    demo_load()
    from shanhai.core.importing import import_file
    from shanhai.core.registry import importer_get
    from shanhai.labour.models import DestinationClass, EmploymentOutcome
    from shanhai.pairings.models import Pairing

    actor = get_user_model().objects.get(username="bijiang")
    importer = importer_get("employment-outcomes")
    out = {"backend": backend, "rows": rows}

    data = file_of(rows, "BAD", bad_last=True)
    t0 = time.perf_counter()
    refused = import_file(importer, filename="bad.csv", data=data, actor=actor)
    out["bad_s"] = time.perf_counter() - t0
    out["bad_problems"] = [str(p) for p in refused.problems][:2]
    assert not refused.ok and not EmploymentOutcome.objects.filter(reference__startswith="BAD-").exists()

    data = file_of(rows, "IMP")
    tracemalloc.start()
    t0 = time.perf_counter()
    result = import_file(importer, filename="good.csv", data=data, actor=actor)
    out["import_s"] = time.perf_counter() - t0
    out["peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert result.ok and result.created == rows, [str(p) for p in result.problems][:3]

    # The floor: the same values, raw, references as ids, in one transaction.
    pairing = Pairing.objects.get(reference="KS-BJ").pk
    destination = DestinationClass.objects.get(name="结对东部城市").pk
    columns = ["version", "reference", "basis", "qualifier", "qualifiers", "stage", "precisions", "source", "note",
               "origin", "origin_region_id", "destination_id", "destination_place", "destination_region_id",
               "employer_name", "pairing_id", "year", "start", "months_kept", "workers", "poor_workers", "reported_stable"]
    present = {f.column for f in EmploymentOutcome._meta.concrete_fields}
    columns = [c for c in columns if c in present]
    values = {
        "version": 1, "basis": "itemised", "qualifier": "", "qualifiers": "{}", "stage": "achieved", "precisions": "{}",
        "source": "", "note": "", "origin": "碧江区劳动力", "origin_region_id": "520602000000",
        "destination_id": destination, "destination_place": "昆山市", "destination_region_id": "320583000000",
        "employer_name": "昆山某企业", "pairing_id": pairing, "reported_stable": False,
    }
    raw = [[{"reference": f"RAW-{i}", "year": 2019 + i % 2, "start": start_of(i), "months_kept": i % 12, "workers": 1, "poor_workers": i % 2}.get(c, values.get(c))
            for c in columns] for i in range(rows)]
    table = EmploymentOutcome._meta.db_table
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in raw:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", raw)
    out["floor_s"] = time.perf_counter() - t0
    assert EmploymentOutcome.objects.filter(reference__startswith="RAW-").count() == rows
    return out


def run_child(url: str, backend: str, rows: int) -> dict:
    import json

    env = dict(os.environ, DATABASE_URL=url)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, __file__, "--child", backend, "--rows", str(rows)]
    text = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(text.strip().splitlines()[-1])


def report(r: dict) -> None:
    n = r["rows"]
    print(f"\n{r['backend']}: {n:,} employment outcomes, imported as the 碧江区 office")
    print(f"  {'import (checks, preview, records, trail)':<44} {r['import_s']:8.2f} s  {n / r['import_s']:9,.0f} rows/s"
          f"   peak {r['peak_mb']:.0f} MB")
    print(f"  {'floor (raw insert / COPY of the same rows)':<44} {r['floor_s']:8.2f} s  {n / r['floor_s']:9,.0f} rows/s")
    print(f"  {'import ÷ floor, in rows/s':<44} {r['floor_s'] / r['import_s']:8.3f} ×")
    print(f"  {'bad last row: refused after':<44} {r['bad_s']:8.2f} s  ({r['bad_s'] / r['import_s']:.0%} of the import)")
    print(f"    {r['bad_problems'][0] if r['bad_problems'] else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        import json

        print(json.dumps(measure(args.child, args.rows)))
        return
    print(f"import benchmark: {args.rows:,} rows; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="shanhai-import-") as tmp:
        report(run_child(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "sqlite", args.rows))
    if args.no_postgres:
        print("\npostgres: not measured (--no-postgres)")
    else:
        url = os.environ.get("DATABASE_URL") or DEFAULT_PG
        admin, reason = postgres_server(url)
        if admin is None:
            print(f"\npostgres: SKIPPED, not reachable: {reason}")
        else:
            with scratch_database(admin, url, "shanhai_bench_import") as (scratch, version):
                result = run_child(scratch, "postgres", args.rows)
                result["backend"] = f"postgres {version}"
                report(result)
    print("\nload average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
