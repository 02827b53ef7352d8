"""The synthetic generator: the same seed gives the same rows, and the pairs it makes have figures.

It runs on the test database with the demo loaded, whose regions are 苏州 and 铜仁: ten counties a
side. The rows are compared by their values (references, regions, years, amounts, pairings by
reference), never by primary keys, which a second run gives anew.
"""

import hashlib

import pytest
from django.core.management import call_command
from django.db.models import Sum

from shanhai.funds.models import Fund
from shanhai.funds.selectors import funds_total
from shanhai.labour.models import EmploymentOutcome
from shanhai.labour.selectors import employment_total
from shanhai.pairings.models import Pairing
from shanhai.social.models import Donation
from shanhai.social.selectors import donations_total

pytestmark = pytest.mark.django_db

ROWS, PAIRS = 2000, 4
COLUMNS = {
    Fund: ("reference", "pairing__reference", "kind_id", "source_region_id", "recipient_region_id", "year", "date",
           "amount", "project_count", "poor_households"),
    Donation: ("reference", "pairing__reference", "donor_region_id", "recipient_region_id", "year", "date", "amount"),
    EmploymentOutcome: ("reference", "pairing__reference", "origin_region_id", "destination_region_id", "year",
                        "start", "months_kept", "workers", "poor_workers", "basis"),
}


def generate(seed: int) -> None:
    call_command("make_synthetic", "--scale", "province", "--seed", str(seed), "--rows", str(ROWS),
                 "--pairs", str(PAIRS), "--towns", "2", "--villages", "2", "--batch", "300", verbosity=0)


def checksum() -> tuple[str, int]:
    digest, count = hashlib.sha256(), 0
    for model, columns in COLUMNS.items():
        for row in model.objects.filter(reference__startswith="SYN-").order_by("reference").values_list(*columns):
            digest.update(repr(row).encode())
            count += 1
    pairings = Pairing.objects.filter(reference__startswith="SYN-").order_by("reference")
    for row in pairings.values_list("reference", "kind_id", "parent__reference", "name"):
        digest.update(repr(row).encode())
    for row in pairings.values_list("reference", "parties__role", "parties__region_id").order_by("reference", "parties__role"):
        digest.update(repr(row).encode())
    return digest.hexdigest(), count


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    generate(seed=12)
    first, count = checksum()
    assert count == ROWS
    generate(seed=12)  # replaces the first run's rows with new ones
    assert checksum() == (first, ROWS)
    generate(seed=13)
    other, count = checksum()
    assert count == ROWS
    assert other != first


def test_county_pairs_join_real_eastern_and_western_counties_with_towns_and_villages_under_them():
    generate(seed=5)
    counties = Pairing.objects.filter(reference__startswith="SYN-", kind_id="county")
    assert counties.count() == PAIRS
    for pair in counties:
        west, east = sorted(pair.parties.values_list("role", "region_id"))  # helped < helper
        assert west[0] == "helped" and west[1].startswith("5206") and west[1].endswith("000000")
        assert east[0] == "helper" and east[1].startswith("3205") and east[1].endswith("000000")
        towns = Pairing.objects.filter(parent=pair, kind_id="town")
        assert towns.count() == 2
        for town in towns:
            assert Pairing.objects.filter(parent=town, kind_id="village").count() == 2
            regions = dict(town.parties.values_list("role", "region_id"))
            assert regions["helper"][:6] == east[1][:6] and regions["helped"][:6] == west[1][:6]
            assert len(regions["helper"].rstrip("0")) > 6


def test_every_county_pair_has_figures_through_the_selectors(demo_users):
    generate(seed=3)
    admin = demo_users["admin"]
    counties = list(Pairing.objects.filter(reference__startswith="SYN-", kind_id="county"))
    assert len(counties) == PAIRS
    for pair in counties:
        # The pair's own rows and its town and village pairs' rows (references under the pair's own).
        under = Pairing.objects.filter(reference__startswith=pair.reference)
        for year in (2016, 2020):
            expected = Fund.objects.filter(pairing__in=under, year=year).aggregate(s=Sum("amount"))["s"]
            assert expected and funds_total(user=admin, pairing=pair, year=year).total == expected
        donated = Donation.objects.filter(pairing__in=under).aggregate(s=Sum("amount"))["s"]
        assert donated and donations_total(user=admin, pairing=pair).total == donated
        workers = EmploymentOutcome.objects.filter(pairing__in=under).aggregate(s=Sum("workers"))["s"]
        assert workers and employment_total(user=admin, pairing=pair).workers.total == workers
