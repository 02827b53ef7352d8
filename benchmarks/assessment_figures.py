"""How long a pair's assessment figures take, against the floor of raw SQL sums over the same rows.

    .venv/bin/python benchmarks/assessment_figures.py               # SQLite, and PostgreSQL if it answers
    .venv/bin/python benchmarks/assessment_figures.py --rows 5000   # a quicker look

Set-up (not timed): a fresh database, migrated, the demo loaded, then ``--rows`` fund lines,
donations and employment outcomes per year 2016–2020 bulk-inserted under the county pairs of
苏州 ↔ 铜仁 (spread over KS-BJ, ZJG-YH, WJ-YJ), each with the basis of a real ledger row.

Measured, as the 昆山市 office (so the scope conditions are in play) and as the national office:
  figures     ``figure_compute`` for funds, donations and employment of SZ-TR in 2019 and up to
              2019 (what the dashboard and the scorecard call), six figures
  baseline    the same six numbers by raw SQL through the same connection: one
              ``SELECT basis, SUM(…) … WHERE pairing_id IN (subtree) AND year … GROUP BY basis``
              per figure, the subtree's ids given (no scope: the floor)
  all         ``pairing_results`` for SZ-TR in 2019: every indicator of the year's set, yearly and
              cumulative, with targets (for scale; no baseline)
Each is run three times; the best is reported. The figures' values are checked against the baseline.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from regions_load import DEFAULT_PG, postgres_server, scratch_database

ROOT = Path(__file__).resolve().parents[1]
SCRATCH_DB = "shanhai_bench_assessment"
YEARS = range(2016, 2021)


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return min(times), value


def seed_rows(per_year: int) -> int:
    """Bulk rows under the county pairs (set-up, not the code under test)."""
    from shanhai.core.records import Basis
    from shanhai.funds.models import Fund, FundKind
    from shanhai.labour.models import DestinationClass, EmploymentOutcome
    from shanhai.pairings.models import Pairing
    from shanhai.social.models import Donation

    pairs = list(Pairing.objects.filter(reference__in=["KS-BJ", "ZJG-YH", "WJ-YJ"]).order_by("reference"))
    east = {"KS-BJ": "320583000000", "ZJG-YH": "320582000000", "WJ-YJ": "320509000000"}
    west = {"KS-BJ": "520602000000", "ZJG-YH": "520627000000", "WJ-YJ": "520625000000"}
    kind = FundKind.objects.get(code="cooperation")
    destination = DestinationClass.objects.first()
    funds, donations, outcomes = [], [], []
    for year in YEARS:
        for i in range(per_year):
            p = pairs[i % len(pairs)]
            basis = Basis.AGGREGATE if i % 10 == 0 else Basis.ITEMISED
            ref = f"B-{year}-{i}"
            funds.append(Fund(
                reference=f"F{ref}", kind=kind, title="基准测试资金", source_name="东部", source_region_id=east[p.reference],
                recipient_name="西部", recipient_region_id=west[p.reference], pairing=p, year=year,
                amount=100_00 * (1 + i % 97), basis=basis,
            ))
            donations.append(Donation(
                reference=f"D{ref}", donor_name="东部企业", donor_region_id=east[p.reference], recipient_name="西部村",
                recipient_region_id=west[p.reference], pairing=p, year=year, amount=50_00 * (1 + i % 89), basis=basis,
            ))
            outcomes.append(EmploymentOutcome(
                reference=f"E{ref}", origin="西部", origin_region_id=west[p.reference], destination=destination,
                pairing=p, year=year, workers=1 + i % 7, poor_workers=i % 5, basis=basis,
            ))
    for model, rows in ((Fund, funds), (Donation, donations), (EmploymentOutcome, outcomes)):
        model.objects.bulk_create(rows, batch_size=2000)
    return len(funds) + len(donations) + len(outcomes)


def raw_sum(table: str, column: str, ids: list[int], year_sql: str, year: int) -> int:
    from django.db import connection

    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT basis, SUM({column}) FROM {table} WHERE pairing_id IN ({marks}) AND {column} IS NOT NULL"
        f" AND year {year_sql} %s GROUP BY basis"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, year])
        return sum(int(total or 0) for _basis, total in cursor.fetchall())


def measure_one(backend: str, per_year: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    from shanhai.demo.services import demo_load

    demo_load()
    rows = seed_rows(per_year)
    setup_s = time.perf_counter() - t0

    from shanhai.assessment.figures import figure_compute
    from shanhai.assessment.selectors import pairing_results
    from shanhai.pairings.models import Pairing
    from shanhai.pairings.selectors import pairing_subtree_ids

    city = Pairing.objects.get(reference="SZ-TR")
    ids = pairing_subtree_ids(city)
    specs = [
        ("funds", "funds_fund", "amount", 100),
        ("donations", "social_donation", "amount", 100),
        ("employment", "labour_employmentoutcome", "poor_workers", 1),
    ]
    periods = [({"year": 2019}, "=", 2019), ({"up_to_year": 2019}, "<=", 2019)]
    User = get_user_model()
    out = {"backend": backend, "rows": rows, "setup_s": setup_s, "users": {}}
    for username in ("kunshan", "admin"):
        def figures(username=username):
            user = User.objects.get(username=username)  # a fresh user: nothing cached between runs
            values = []
            for key, _table, _column, _unit in specs:
                parameter = "poor" if key == "employment" else ""
                for period, _op, _year in periods:
                    pairing = Pairing.objects.get(pk=city.pk)
                    values.append(figure_compute(key=key, user=user, pairing=pairing, period=period, parameter=parameter).value)
            return values

        def everything(username=username):
            user = User.objects.get(username=username)
            return len(pairing_results(user=user, pairing=Pairing.objects.get(pk=city.pk), year=2019))

        figures_s, values = best(figures)
        all_s, indicators = best(everything)
        out["users"][username] = {
            "figures_s": figures_s, "values": [str(v) for v in values], "all_s": all_s, "indicators": indicators,
        }

    def baseline():
        return [
            raw_sum(table, column, ids, op, year) / unit
            for _key, table, column, unit in specs for _period, op, year in periods
        ]

    out["baseline_s"], raw = best(baseline)
    out["baseline_values"] = [str(v) for v in raw]
    return out


def run_child(backend: str, url: str, per_year: int) -> dict:
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, __file__, "--child", backend, "--rows", str(per_year)]
    out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(r: dict) -> None:
    from decimal import Decimal

    print(f"\n{r['backend']}: {r['rows']:,} ledger rows added to the demo (set-up {r['setup_s']:.1f} s, not counted)")
    print(f"  {'raw SQL sums, 6 figures (floor)':<44} {r['baseline_s'] * 1000:9.1f} ms")
    for username, u in r["users"].items():
        # The national office sees every row the baseline sums; 昆山 sees its own pair's only.
        same = [Decimal(a) for a in u["values"]] == [Decimal(b) for b in r["baseline_values"]]
        label = f"figures as {username}, 6 figures"
        print(f"  {label:<44} {u['figures_s'] * 1000:9.1f} ms   ratio {u['figures_s'] / r['baseline_s']:6.1f} ×"
              f"   values {'= baseline' if same else '≠ baseline (narrower scope)'}")
        label = f"pairing_results as {username} ({u['indicators']} indicators)"
        print(f"  {label:<44} {u['all_s'] * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000, help="rows per ledger per year (default 20,000)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure_one(args.child, args.rows)))
        return

    print(f"assessment figures benchmark: {args.rows:,} rows per ledger per year; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="shanhai-bench-") as tmp:
        report(run_child("sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.rows))
    if args.no_postgres:
        print("\npostgres: not measured (--no-postgres)")
    else:
        url = os.environ.get("DATABASE_URL") or DEFAULT_PG
        admin, reason = postgres_server(url)
        if admin is None:
            print(f"\npostgres: SKIPPED, not reachable: {reason}")
        else:
            with scratch_database(admin, url, SCRATCH_DB) as (scratch, version):
                result = run_child("postgres", scratch, args.rows)
                result["backend"] = f"postgres {version}"
                report(result)
    print("\nload average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
