"""The seeds' pairing figures, computed by the selectors from the demo records (loaded via templates)."""

import pytest

from shanhai.pairings.models import Pairing, PartyRole
from shanhai.pairings.selectors import coverage, pairing_party_totals, two_way_coverage
from shanhai.regions.selectors import region_get

pytestmark = pytest.mark.django_db

BIJIANG, YANHE, TONGREN = "520602", "520627", "520600"


def cov(target, code, year=2020, **kw):
    return coverage(target=target, region=region_get(code), year=year, **kw)


def totals(reference, kind=None):
    return pairing_party_totals(root=Pairing.objects.get(reference=reference), kind=kind)


def test_bijiang_deep_poverty_villages_fully_paired():
    # Seed 000: 8 strong villages paired with Bijiang's 8 deep-poverty villages, "全覆盖".
    c = cov("deep_poverty_villages", BIJIANG)
    assert (c.target_total, c.paired_total, str(c.share)) == (8, 8, "100.0")
    assert c.target_basis == "reported"
    assert [r.short_name for r in c.itemised_paired] == ["高坝田村"]
    assert c.aggregate_paired == 7
    assert c.unpaired_total == 0


def test_kunshan_bijiang_village_pairs_eight_on_each_side_one_named():
    t = totals("KS-BJ", kind="village")
    assert (t.helpers.itemised, t.helpers.aggregate, t.helpers.total) == (1, 7, 8)
    assert (t.helped.itemised, t.helped.aggregate, t.helped.total) == (1, 7, 8)


def test_bijiang_towns_and_streets_two_way_full_coverage():
    # Seed 001: 8 towns, 4 offices and the resort ↔ 9 towns and 4 streets, "双向结对全覆盖".
    east, west = two_way_coverage(pairing=Pairing.objects.get(reference="KS-BJ"), year=2020)
    assert (east.region.short_name, east.target_total, east.paired_total) == ("昆山市", 13, 13)
    assert (west.region.short_name, west.target_total, west.paired_total) == ("碧江区", 13, 13)
    assert {r.short_name for r in west.itemised_paired} == {"坝黄镇", "瓦屋乡", "滑石乡", "桐木坪乡"}
    assert {r.short_name for r in east.itemised_paired} == {"张浦镇", "周市镇"}
    assert west.complete and east.complete


def test_town_pairs_count_thirteen_on_each_side():
    t = totals("KS-BJ", kind="town")
    assert (t.helpers.total, t.helped.total) == (13, 13)


def test_one_to_two_town_pairing_shape_is_derived():
    assert Pairing.objects.get(reference="KS-BJ-TOWN-1TO2").shape == "一对多"
    assert Pairing.objects.get(reference="KS-BJ-TOWN-ZP").shape == "一对一"
    assert Pairing.objects.get(reference="KS-BJ-HOSPITALS").shape == "一对多"


def test_family_pairing_1024_party_members_788_poor_households():
    t = totals("KS-BJ-FAMILY")
    assert (t.helpers.itemised, t.helpers.aggregate) == (0, 1024)
    assert (t.helped.itemised, t.helped.aggregate) == (0, 788)


def test_thirteen_enterprises_thirteen_villages_four_named():
    t = totals("KS-BJ-ENTERPRISES")
    assert (t.helpers.total, t.helped.total) == (13, 13)
    assert t.helped.itemised == 4


def test_bijiang_schools_55_and_health_centres_15_fully_covered():
    schools, centres = cov("schools", BIJIANG), cov("health_centres", BIJIANG)
    assert (schools.target_total, schools.paired_total, str(schools.share)) == (55, 55, "100.0")
    assert (centres.target_total, centres.paired_total, str(centres.share)) == (15, 15, "100.0")


def test_yanhe_fifty_deep_poverty_villages_fully_paired():
    # Seed 002: nine departments, 18 strong villages … ↔ Yanhe's 50 deep-poverty villages.
    c = cov("deep_poverty_villages", YANHE)
    assert (c.target_total, c.paired_total, c.complete) == (50, 50, True)
    t = totals("ZJG-YH-DEEP")
    assert (t.helpers.total, t.helped.total) == (9 + 18 + 6 + 10 + 2 + 5, 50)


def test_yanhe_all_22_unexited_villages_paired_after_april_2020_signing():
    c = cov("unexited_poor_villages", YANHE, year=2020)
    assert (c.target_total, c.paired_total, str(c.share)) == (22, 22, "100.0")
    assert [r.short_name for r in c.itemised_paired] == ["高山村"]


def test_yanhe_unexited_villages_before_the_signing_only_the_ten_deep_ones():
    # The 12 chambers signed on 2020-04-21; in 2019 only the 10 unexited deep-poverty villages were paired.
    c = cov("unexited_poor_villages", YANHE, year=2019)
    assert (c.target_total, c.paired_total) == (22, 10)
    assert c.unpaired_total == 12


def test_twelve_chambers_twelve_villages_with_hengtong_gaoshan_named():
    t = totals("ZJG-YH-CHAMBERS")
    assert (t.helpers.itemised, t.helpers.total) == (3, 12)
    assert (t.helped.itemised, t.helped.total) == (1, 12)


def test_suzhou_tongren_ten_one_to_one_county_pairs():
    t = totals("SZ-TR", kind="county")
    assert (t.helpers.itemised, t.helpers.aggregate) == (3, 7)
    assert (t.helped.itemised, t.helped.total) == (10, 10)


def test_tongren_ten_poor_counties_all_paired():
    c = cov("poor_counties", TONGREN)
    assert (c.target_total, len(c.itemised_targets), c.paired_total) == (10, 10, 10)


def test_tongren_deep_poverty_villages_partly_held_in_demo():
    # 319 reported; the demo holds Bijiang's 8 and Yanhe's 50 — the page must not claim more.
    c = cov("deep_poverty_villages", TONGREN)
    assert c.target_total == 319
    assert c.paired_total == 8 + 50
    assert str(c.share) == "18.2"


def test_helper_side_is_counted_on_the_helper_role_only():
    c = cov("deep_poverty_villages", "320583", role=PartyRole.HELPER)
    assert c.paired_total == 0


def test_excess_over_target_is_reported_not_hidden():
    # Bijiang reports no count of poor villages: the itemised flag (1) is the target, and the
    # 7 aggregate deep-poverty villages exceed it — the basis says so instead of claiming 800 %.
    c = cov("poor_villages", BIJIANG)
    assert (c.target_total, c.paired_total, c.excess) == (1, 1, 7)
    assert "超出目标数" in c.basis_text


def test_batched_roll_ups_equal_one_at_a_time_even_for_nested_roots():
    from shanhai.pairings.selectors import pairings_party_totals

    roots = list(Pairing.objects.filter(reference__in=["KS-BJ", "KS-BJ-TOWNS", "KS-BJ-TOWN-ZP", "SZ-TR"]))
    batched = pairings_party_totals(roots, same_kind=True)
    for root in roots:
        assert batched[root.pk] == pairing_party_totals(root=root, kind=root.kind_id), root.reference
    # The town pairs under Kunshan ↔ Bijiang's town batch: 张浦、周市 and the one-to-two, plus 6 counted.
    towns = batched[next(r.pk for r in roots if r.reference == "KS-BJ-TOWNS")]
    assert (towns.helpers.itemised, towns.helpers.aggregate) == (2, 7)
