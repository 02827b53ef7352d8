"""Synthetic ledgers at the size of a province or the nation, for load tests and benchmarks.

The demo is one city pair as the seeds' reports tell it: a few hundred rows. Whether the figures,
dashboards and exports hold up at a province's or the nation's size needs rows in the millions,
which no report gives; this module makes them, deterministically from a seed, on real division codes.

* Pairs: county pairs between the eastern counties of an eastern province and the western counties
  of a western province, as found in the regions table (a county pair is an (east county, west
  county) combination; the real arrangement is one to one, but the regions a database holds seldom
  give a hundred of those). Under each, town pairs (an eastern town with a western town of the two
  counties) and under each town pair village pairs, so figures read through the pairing tree as
  they do for the demo. All hang under one province pair per province pair.
* Rows: funds, donations and employment outcomes over the five years 2016–2020, spread round-robin
  over the county pairs and the years (every pair has rows in every year), each filed under the
  county pair or one of its town or village pairs.
* Province scale is one province pair (江苏—贵州, the demo's); nation scale takes every province pair
  of ``PROVINCE_PAIRS`` whose counties the regions table holds. A database with the demo holds only
  苏州 (3205) and 铜仁 (5206): ten counties a side, so exactly 100 county pairs, and the nation scale
  is then the same single province pair; ``load_regions`` loads the provinces' division codes first.

Everything is written with ``bulk_create`` in batches, past the services: no audit rows, no
per-row validation (the values are made valid here). It is for scratch databases only. Every
pairing and row it makes has a reference starting with ``SYN-``; a new run deletes the last one's.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from shanhai.core.records import Basis
from shanhai.core.text import pinyin_key
from shanhai.funds.models import Fund
from shanhai.labour.models import EmploymentOutcome
from shanhai.pairings.models import Pairing, PairingParty, PartyRole, PartyType
from shanhai.regions.models import Region, RegionLevel
from shanhai.social.models import Donation, DonationForm

PREFIX = "SYN-"
YEARS = (2016, 2017, 2018, 2019, 2020)  # the last five years of the poverty campaign
# (east, west) province codes: the demo's 江苏—贵州 (苏黔 from 2013), then the arrangement of 2021.
PROVINCE_PAIRS = [
    ("32", "52"), ("11", "15"), ("12", "62"), ("31", "53"), ("33", "51"),
    ("35", "64"), ("37", "50"), ("44", "45"), ("32", "61"), ("32", "63"),
]
SCALES = {
    # scale: (province pairs, default rows)
    "province": (PROVINCE_PAIRS[:1], 1_000_000),
    "nation": (PROVINCE_PAIRS, 5_000_000),
}
# The kinds of money a county pair's lines are drawn from (no total kinds: they would hide the lines).
FUND_KINDS = ("fiscal_aid", "cooperation", "town_pairing", "department_pairing", "enterprise_donation",
              "social_donation")
LEDGERS = ("fund", "donation", "employment")
LEDGER_WEIGHTS = (4, 3, 3)


@dataclass
class Node:
    """A pairing made here, with the two regions its rows are filed between."""

    pairing: Pairing
    east: Region
    west: Region


@dataclass
class SyntheticResult:
    pairings: int = 0
    rows: dict = field(default_factory=lambda: dict.fromkeys(LEDGERS, 0))
    seconds: float = 0.0
    notes: list = field(default_factory=list)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def synthetic_clear() -> None:
    """Deletes every row and pairing an earlier run made (references starting with SYN-)."""
    for model in (Fund, Donation, EmploymentOutcome):
        model.objects.filter(reference__startswith=PREFIX).delete()
    while True:  # leaves first: a pairing protects its children
        parents = Pairing.objects.filter(parent__isnull=False).values("parent_id")
        leaves = Pairing.objects.filter(reference__startswith=PREFIX).exclude(pk__in=parents)
        if not leaves.exists():
            break
        leaves.delete()


def counties(prefix: str) -> list[Region]:
    return list(Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=prefix).order_by("code"))


def children(region: Region, level: int) -> list[Region]:
    return list(Region.objects.filter(level=level, parent=region).order_by("code"))


def _pairing(reference: str, kind: str, parent, east: Region, west: Region, pairings: list, parties: list):
    name = f"{east.short_name}—{west.short_name}（合成）"
    p = Pairing(reference=reference, kind_id=kind, parent=parent, name=name, sort_key=pinyin_key(name),
                start_date=datetime.date(YEARS[0], 1, 1), source="合成数据（manage.py make_synthetic）")
    pairings.append(p)
    parties.append((p, east, PartyRole.HELPER))
    parties.append((p, west, PartyRole.HELPED))
    return p


def synthetic_pairs(*, rng: random.Random, province_pairs, pairs: int, towns: int, villages: int,
                    notes: list) -> list[list[Node]]:
    """Makes the pairing tree; returns, per county pair, its nodes (the county pair first)."""
    trees = []
    for east_p, west_p in province_pairs:
        east_counties, west_counties = counties(east_p), counties(west_p)
        if not east_counties or not west_counties:
            notes.append(f"{east_p}—{west_p}：区划表中无县级区划，略过")
            continue
        combos = [(e, w) for e in east_counties for w in west_counties]
        rng.shuffle(combos)
        if len(combos) < pairs:
            notes.append(f"{east_p}—{west_p}：区划表只有东部 {len(east_counties)} 个县、西部 {len(west_counties)} 个县，"
                         f"只能组成 {len(combos)} 个县县结对（要求 {pairs} 个）")
        east_root = Region.objects.get(code=east_p.ljust(12, "0"))
        west_root = Region.objects.get(code=west_p.ljust(12, "0"))
        pairings, parties = [], []
        root = _pairing(f"{PREFIX}{east_p}-{west_p}", "province", None, east_root, west_root, pairings, parties)
        pending = []  # (node kind, reference, parent reference, east, west), saved level by level
        for east, west in combos[:pairs]:
            county_ref = f"{PREFIX}{east.code[:6]}-{west.code[:6]}"
            pending.append(("county", county_ref, root.reference, east, west))
            east_towns, west_towns = children(east, RegionLevel.TOWN), children(west, RegionLevel.TOWN)
            for t in range(min(towns, len(east_towns), len(west_towns))):
                te, tw = rng.choice(east_towns), rng.choice(west_towns)
                town_ref = f"{county_ref}-T{t + 1}"
                pending.append(("town", town_ref, county_ref, te, tw))
                east_villages, west_villages = children(te, RegionLevel.VILLAGE), children(tw, RegionLevel.VILLAGE)
                for v in range(min(villages, len(east_villages), len(west_villages))):
                    pending.append(("village", f"{town_ref}-V{v + 1}", town_ref,
                                    rng.choice(east_villages), rng.choice(west_villages)))
        by_ref = {root.reference: root}
        Pairing.objects.bulk_create([root])
        nodes_by_ref = {}
        for level in ("county", "town", "village"):
            batch = []
            for kind, ref, parent_ref, east, west in pending:
                if kind == level:
                    p = _pairing(ref, kind, by_ref[parent_ref], east, west, batch, parties)
                    by_ref[ref] = p
                    nodes_by_ref[ref] = Node(p, east, west)
            Pairing.objects.bulk_create(batch)
        PairingParty.objects.bulk_create([
            PairingParty(pairing=p, role=role, party_type=PartyType.REGION, region=region, count=1,
                         order=0) for p, region, role in parties
        ])
        for kind, ref, _, _, _ in pending:
            if kind == "county":
                trees.append([n for r, n in nodes_by_ref.items() if r == ref or r.startswith(ref + "-")])
    return trees


def _date(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _fund(rng, i, node: Node, year):
    kind = rng.choice(FUND_KINDS)
    return Fund(
        reference=f"{PREFIX}F{i:09d}", basis=Basis.ITEMISED, kind_id=kind, title=f"{node.east.short_name}帮扶资金（合成）",
        purpose="产业项目", source_name=node.east.short_name, source_region=node.east,
        recipient_name=node.west.short_name, recipient_region=node.west, pairing=node.pairing, year=year,
        date=_date(rng, year), amount=rng.randint(1, 5000) * 10_000,  # 100 元 to 50 万元, in fen
        project_count=rng.randint(0, 3) or None, poor_households=rng.randint(0, 50) or None,
    )


def _donation(rng, i, node: Node, year):
    return Donation(
        reference=f"{PREFIX}D{i:09d}", basis=Basis.ITEMISED, donor_name=node.east.short_name, donor_region=node.east,
        recipient_name=node.west.short_name, recipient_region=node.west, pairing=node.pairing, year=year,
        date=_date(rng, year), form=DonationForm.CASH, amount=rng.randint(1, 2000) * 10_000, purpose="助学",
    )


def _employment(rng, i, node: Node, year):
    workers = rng.randint(1, 30)
    return EmploymentOutcome(
        reference=f"{PREFIX}E{i:09d}", basis=Basis.ITEMISED if workers == 1 else Basis.AGGREGATE,
        origin=node.west.short_name, origin_region=node.west, destination_id="paired_city",
        destination_place=node.east.short_name, destination_region=node.east, pairing=node.pairing, year=year,
        start=_date(rng, year), months_kept=rng.randint(1, 24), workers=workers,
        poor_workers=rng.randint(0, workers),
    )


MAKERS = {"fund": (Fund, _fund), "donation": (Donation, _donation), "employment": (EmploymentOutcome, _employment)}


def make_synthetic(*, scale: str, seed: int, rows: int | None = None, pairs: int = 100, towns: int = 3,
                   villages: int = 2, batch_size: int = 5000,
                   progress: Callable[[str], None] | None = None) -> SyntheticResult:
    """Replaces the last synthetic data with a new set: the same seed and arguments, the same rows."""
    province_pairs, default_rows = SCALES[scale]
    rows = default_rows if rows is None else rows
    rng = random.Random(seed)
    result = SyntheticResult()
    say = progress or (lambda text: None)
    t0 = time.perf_counter()
    with transaction.atomic():
        synthetic_clear()
        trees = synthetic_pairs(rng=rng, province_pairs=province_pairs, pairs=pairs, towns=towns,
                                villages=villages, notes=result.notes)
    result.pairings = sum(len(t) for t in trees) + len({t[0].pairing.parent_id for t in trees})
    for note in result.notes:
        say(note)
    if not trees:
        raise ValueError("区划表中没有可结对的县：先载入区划（manage.py regions_load，或 make_synthetic --load-regions）")
    say(f"{result.pairings} 个结对（{len(trees)} 个县县结对及其乡镇、村结对）；写入 {rows:,} 行台账")

    pending = {name: [] for name in LEDGERS}
    written, t_rows, report_every = 0, time.perf_counter(), max(batch_size * 20, rows // 20)

    def flush(name):
        model = MAKERS[name][0]
        with transaction.atomic():
            model.objects.bulk_create(pending[name], batch_size=batch_size)
        result.rows[name] += len(pending[name])
        pending[name] = []

    for i in range(rows):
        # Round-robin over pairs, then years: every county pair has rows in every year.
        tree = trees[i % len(trees)]
        year = YEARS[(i // len(trees)) % len(YEARS)]
        name = rng.choices(LEDGERS, LEDGER_WEIGHTS)[0]
        node = tree[0] if rng.random() < 0.5 else rng.choice(tree)
        pending[name].append(MAKERS[name][1](rng, i, node, year))
        if len(pending[name]) >= batch_size:
            flush(name)
            written = result.total_rows
            if written % report_every < batch_size:
                elapsed = time.perf_counter() - t_rows
                say(f"  {written:>12,} 行  {written / elapsed:>10,.0f} 行/秒")
    for name in LEDGERS:
        if pending[name]:
            flush(name)
    result.seconds = time.perf_counter() - t0
    rate = result.total_rows / max(time.perf_counter() - t_rows, 1e-9)
    say(f"完成：{result.total_rows:,} 行（资金 {result.rows['fund']:,}，捐赠 {result.rows['donation']:,}，"
        f"就业 {result.rows['employment']:,}），{result.seconds:.1f} 秒，台账 {rate:,.0f} 行/秒")
    return result
