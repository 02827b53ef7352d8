"""How long a pair's assessment figures take, against the floor of raw SQL sums over the same rows.

    .venv/bin/python benchmarks/assessment_figures.py               # SQLite, and PostgreSQL if it answers
    .venv/bin/python benchmarks/assessment_figures.py --rows 5000   # a quicker look
    .venv/bin/python benchmarks/assessment_figures.py --spans-parts # 1 row in 20 a span, 1 in 20 a part

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

``--spans-parts`` (where the ledgers have ``year_from`` and ``part_of``): the same rows with the same
amounts, but one in 20 a span of years (year_from = year − 2) and one in 20 part of a total of the
same pair and year among the inserted rows (the row three before it, a single-year row). The
baseline's SQL then follows the figures' rules by itself: a span is no single year's, a part is not
added where its total is summed, an expected record is no achievement, and a fund line inside a
total fund line (a kind that means a total) of its pair and years is not added again. Wherever the
schema has those columns (the demo's own spans and totals), the baseline applies them, option or not.
The number of queries of one ``pairing_results`` is counted apart (not timed).
"""

import argparse
import functools
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
SPAN_EVERY = 20  # i % 20 == 1: a span year−2..year
PART_EVERY = 20  # i % 20 == 2: part of row i − 3 (same pair, same year, a single-year row)
# Since d604036 a fund span of years of one kind contains that kind's single-year lines under its
# pair (funds.selectors._covered_q); the raw sums follow it where the schema has spans.
SPANS_CONTAIN_THEIR_KIND = True


def best(fn, runs: int = 3) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return min(times), value


def has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def seed_rows(per_year: int, spans_parts: bool = False) -> tuple[int, dict]:
    """Bulk rows under the county pairs (set-up, not the code under test); with ``spans_parts``,
    one in 20 a span and one in 20 part of a total, where the models have the fields."""
    from django.db import connection

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
    parts = {Fund: [], Donation: [], EmploymentOutcome: []}  # (part, its total) of each model
    for year in YEARS:
        first = len(funds)
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
            if not spans_parts:
                continue
            for model, rows in ((Fund, funds), (Donation, donations), (EmploymentOutcome, outcomes)):
                if i % SPAN_EVERY == 1 and has_field(model, "year_from"):
                    rows[-1].year_from = year - 2
                if i % PART_EVERY == 2 and i >= 3 and has_field(model, "part_of"):
                    parts[model].append((rows[-1], rows[first + i - 3]))
    made = {"spans": 0, "parts": 0}
    for model, rows in ((Fund, funds), (Donation, donations), (EmploymentOutcome, outcomes)):
        model.objects.bulk_create(rows, batch_size=2000)
        made["spans"] += sum(1 for r in rows if getattr(r, "year_from", None) is not None)
        if parts[model]:
            if any(total.pk is None for _part, total in parts[model]):  # a backend that returns no ids
                ids = dict(model.objects.filter(reference__startswith=rows[0].reference[0] + "B-").values_list("reference", "pk"))
                for row in rows:
                    row.pk = ids[row.reference]
            for part, total in parts[model]:
                assert part.pairing_id == total.pairing_id and part.year == total.year and total.year_from is None
            with connection.cursor() as cursor:  # plain UPDATEs: bulk_update's CASE chains are slow to build
                cursor.executemany(
                    f"UPDATE {model._meta.db_table} SET part_of_id = %s WHERE id = %s",
                    [(total.pk, part.pk) for part, total in parts[model]],
                )
            made["parts"] += len(parts[model])
    return len(funds) + len(donations) + len(outcomes), made


@functools.cache
def columns_of(table: str) -> frozenset[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        return frozenset(c.name for c in connection.introspection.get_table_description(cursor, table))


def raw_sum(table: str, column: str, ids: list[int], year_sql: str, year: int, rules: bool = True) -> int:
    """The figure's sum by hand. With ``rules`` and where the table has the columns: spans out of a
    single year, achieved records only, a part not added where its total is, and (funds) a line not
    added inside a total fund line of its pair (or one above it) and years."""
    from django.db import connection

    cols = columns_of(table) if rules else set()
    marks = ", ".join(["%s"] * len(ids))

    def selected(a: str) -> tuple[str, list]:
        sql = f"{a}.pairing_id IN ({marks}) AND {a}.{column} IS NOT NULL AND {a}.year {year_sql} %s"
        params = [*ids, year]
        if year_sql == "=" and "year_from" in cols:
            sql += f" AND ({a}.year_from IS NULL OR {a}.year_from = %s)"
            params.append(year)
        if "stage" in cols:
            sql += f" AND {a}.stage = %s"
            params.append("achieved")
        return sql, params

    # Funds: the lines of the selection that may contain others, each covering, under its pair or a
    # pair below it and in the years of its span, the lines of other kinds (a line of a total kind)
    # or its own kind's single-year lines (a span of years of one kind). Few distinct ones.
    covers = []
    if rules and table == "funds_fund" and "is_total" in columns_of("funds_fundkind"):
        t_sql, t_params = selected("t")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT t.pairing_id, t.kind_id, tk.is_total, COALESCE(t.year_from, t.year), t.year FROM funds_fund t"
                f" JOIN funds_fundkind tk ON tk.code = t.kind_id WHERE {t_sql} AND (tk.is_total"
                + (" OR (t.year_from IS NOT NULL AND t.year_from < t.year)" if SPANS_CONTAIN_THEIR_KIND else "") + ")",
                t_params,
            )
            found, under = cursor.fetchall(), {}
            for root, kind, is_total, first, last in found:
                if root not in under:
                    cursor.execute(
                        "WITH RECURSIVE sub(id) AS (SELECT id FROM pairings_pairing WHERE id = %s UNION SELECT p.id FROM pairings_pairing p"
                        " JOIN sub ON p.parent_id = sub.id) SELECT id FROM sub", [root],
                    )
                    under[root] = [pk for (pk,) in cursor.fetchall()]
                covers.append((under[root], None if is_total else kind, first, last))

    def counted(a: str) -> tuple[str, list]:
        sql, params = selected(a)
        if covers:
            inside = []
            for ids_under, kind, first, last in covers:
                what = (f"{a}.kind_id IN (SELECT code FROM funds_fundkind WHERE NOT is_total)" if kind is None
                        else f"{a}.kind_id = %s AND {a}.year_from IS NULL")
                inside.append(f"({what} AND {a}.pairing_id IN ({', '.join(['%s'] * len(ids_under))})"
                              f" AND {a}.year >= %s AND {a}.year <= %s)")
                params += [*([] if kind is None else [kind]), *ids_under, first, last]
            sql += f" AND NOT ({' OR '.join(inside)})"
        return sql, params

    where, params = counted("r")
    if "part_of_id" in cols:
        inner, inner_params = counted("w")
        where += f" AND (r.part_of_id IS NULL OR r.part_of_id NOT IN (SELECT w.id FROM {table} w WHERE {inner}))"
        params += inner_params
    sql = f"SELECT r.basis, SUM(r.{column}) FROM {table} r WHERE {where} GROUP BY r.basis"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return sum(int(total or 0) for _basis, total in cursor.fetchall())


def measure_one(backend: str, per_year: int, spans_parts: bool = False, profile: bool = False) -> dict:
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
    rows, made = seed_rows(per_year, spans_parts)
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
    out = {"backend": backend, "rows": rows, "setup_s": setup_s, "users": {}, **made}
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
            "queries": queries_of(everything),
        }
        if profile:
            profiled(everything, f"pairing_results as {username}")

    for table in {table for _key, table, _column, _unit in specs} | {"funds_fundkind"}:
        columns_of(table)  # the schema is read once, before the timing

    def baseline():
        return [
            raw_sum(table, column, ids, op, year) / unit
            for _key, table, column, unit in specs for _period, op, year in periods
        ]

    out["baseline_s"], raw = best(baseline)
    out["baseline_values"] = [str(v) for v in raw]
    # The same sums without the rules: how much the spans, parts and totals take out (not timed).
    out["plain_values"] = [
        str(raw_sum(table, column, ids, op, year, rules=False) / unit)
        for _key, table, column, unit in specs for _period, op, year in periods
    ]
    return out


def queries_of(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def profiled(fn, label: str) -> None:
    """One run under cProfile, the heaviest functions by cumulative time (to stderr)."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(fn)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
    print(f"\n==== profile: {label} ====\n{text.getvalue()}", file=sys.stderr)


def run_child(backend: str, url: str, per_year: int, spans_parts: bool = False, profile: bool = False) -> dict:
    env = dict(os.environ, DATABASE_URL=url)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cmd = [sys.executable, __file__, "--child", backend, "--rows", str(per_year)]
    cmd += ["--spans-parts"] * spans_parts + ["--profile"] * profile
    out = subprocess.run(cmd, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(r: dict) -> None:
    from decimal import Decimal

    print(f"\n{r['backend']}: {r['rows']:,} ledger rows added to the demo (set-up {r['setup_s']:.1f} s, not counted)")
    if r.get("spans") or r.get("parts"):
        print(f"  of them {r['spans']:,} spans of years and {r['parts']:,} parts of a total")
    print(f"  {'raw SQL sums, 6 figures (floor)':<44} {r['baseline_s'] * 1000:9.1f} ms")
    print(f"  raw sums with the rules: {', '.join(r['baseline_values'])}")
    if r.get("plain_values") and r["plain_values"] != r["baseline_values"]:
        print(f"  raw sums without them:   {', '.join(r['plain_values'])}")
    for username, u in r["users"].items():
        # The national office sees every row the baseline sums; 昆山 sees its own pair's only.
        same = [Decimal(a) for a in u["values"]] == [Decimal(b) for b in r["baseline_values"]]
        label = f"figures as {username}, 6 figures"
        print(f"  {label:<44} {u['figures_s'] * 1000:9.1f} ms   ratio {u['figures_s'] / r['baseline_s']:6.1f} ×"
              f"   values {'= baseline' if same else '≠ baseline (narrower scope)'}")
        label = f"pairing_results as {username} ({u['indicators']} indicators)"
        queries = f"   {u['queries']} queries" if "queries" in u else ""
        print(f"  {label:<44} {u['all_s'] * 1000:9.1f} ms{queries}")
        if username == "admin" and not same:
            print(f"  !! the national office's values differ from the raw sums: {', '.join(u['values'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20000, help="rows per ledger per year (default 20,000)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--spans-parts", action="store_true", help="1 row in 20 a span of years, 1 in 20 part of a total")
    parser.add_argument("--profile", action="store_true", help="also one cProfile'd pairing_results per user (to stderr)")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure_one(args.child, args.rows, args.spans_parts, args.profile)))
        return

    print(f"assessment figures benchmark: {args.rows:,} rows per ledger per year"
          f"{', spans and parts' if args.spans_parts else ''}; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory(prefix="shanhai-bench-") as tmp:
        report(run_child("sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.rows, args.spans_parts, args.profile))
    if args.no_postgres:
        print("\npostgres: not measured (--no-postgres)")
    else:
        url = os.environ.get("DATABASE_URL") or DEFAULT_PG
        admin, reason = postgres_server(url)
        if admin is None:
            print(f"\npostgres: SKIPPED, not reachable: {reason}")
        else:
            name = SCRATCH_DB + ("_spans_parts" if args.spans_parts else "")
            with scratch_database(admin, url, name) as (scratch, version):
                result = run_child("postgres", scratch, args.rows, args.spans_parts, args.profile)
                result["backend"] = f"postgres {version}"
                report(result)
    print("\nload average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
