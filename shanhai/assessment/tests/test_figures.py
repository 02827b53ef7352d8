"""Each indicator through its figure: the seeds' numbers read back from the demo, and figures that
move when a record is added. Expected values are typed from the seeds or from the test's own records."""

from decimal import Decimal

import pytest

from shanhai.assessment.figures import FIGURES, FigureBasis, figure_compute, value_text
from shanhai.assessment.models import Indicator
from shanhai.assessment.selectors import indicator_figure, indicators_for
from shanhai.core.records import Basis
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def pairing(ref):
    return Pairing.objects.get(reference=ref)


def indicator(key, year=2019):
    return next(i for i in indicators_for(year=year) if i.key == key)


def figure(user, key, ref, year=2019, cumulative=False):
    return indicator_figure(user=user, indicator=indicator(key, year), pairing=pairing(ref), year=year, cumulative=cumulative)


def test_every_demo_indicator_names_a_registered_figure_or_is_reported():
    for ind in Indicator.objects.all():
        assert ind.figure in FIGURES or (not ind.figure and ind.reported), ind.key
        if ind.figure:
            assert FIGURES[ind.figure].unit in ("*", ind.unit), ind.key


def test_both_sets_exist_and_each_year_has_one(demo_users):
    assert indicators_for(year=2019)[0].indicator_set.code == "2016-2020"
    assert indicators_for(year=2022)[0].indicator_set.code == "2021-"
    assert indicators_for(year=2015) == []


def test_2016_2020_weights_add_up_to_100():
    total = sum(i.weight for i in indicators_for(year=2019))
    assert total == Decimal(100)


# ---------------------------------------------------------------- seeds read back


def test_funds_kunshan_bijiang_2019_are_the_seeds_aggregates(demo_users):
    # seed 001: 1.2亿元 of all kinds since October 2017 (a 2017—2019 span, no one year's); seed 000: the
    # town pairs' 700多万元, filed under 2019, which the 1.2亿元 may contain
    f = figure(demo_users["admin"], "funds_all", "KS-BJ")
    assert f.value == Decimal("7000000")
    assert f.aggregate == Decimal("7000000") and f.itemised == 0
    assert f.basis == FigureBasis.AGGREGATE
    assert f.qualifier == "at_least"
    assert f.display == "700 万元以上"
    assert f.link == "/funds/?pairing=KS-BJ&year=2019"
    # up to 2019: the 1.2亿元 once, the 700多万元 inside its span not again
    cumulative = figure(demo_users["admin"], "funds_all", "KS-BJ", cumulative=True)
    assert (cumulative.value, cumulative.qualifier, cumulative.display) == (Decimal("120000000"), "", "1.2 亿元")


def test_fiscal_aid_suzhou_tongren_2020(demo_users):
    # seed 003: 16.6亿元 of fiscal aid over 1,093 projects
    f = figure(demo_users["admin"], "funds_fiscal", "SZ-TR", year=2020)
    assert f.value == Decimal("1660000000")
    assert f.display == "16.6 亿元"


def test_jobs_offered_and_target(demo_users):
    # seed 000: 昆山每年提供1.3万多个就业岗位
    f = figure(demo_users["admin"], "jobs_offered", "KS-BJ")
    assert f.value == 13000 and f.qualifier == "at_least"


def test_deep_poverty_coverage_kunshan_bijiang(demo_users):
    # seed 000: 8 deep-poverty villages, all paired
    f = figure(demo_users["admin"], "deep_poverty_coverage", "KS-BJ")
    assert f.value == Decimal(100)
    assert f.basis == FigureBasis.DERIVED
    assert "目标数 8" in f.basis_text


def test_unexited_villages_paired_zhangjiagang_yanhe(demo_users):
    # seed 002: 22 unexited poor villages all paired in 2020
    assert figure(demo_users["admin"], "unexited_villages_paired", "ZJG-YH", year=2020).value == 22


def test_blueberries_planted(demo_users):
    # seed 001: 105 亩 planted (土地流转 138 亩 is not planting)
    assert figure(demo_users["admin"], "planting_area", "KS-BJ").value == 105


def test_employment_and_transports_2020(demo_users):
    admin = demo_users["admin"]
    # seed 003: 吴江 helped 198 poor workers into work and sent 421 by chartered transport
    assert figure(admin, "employment_poor", "WJ-YJ", year=2020).value == 198
    assert figure(admin, "transports", "WJ-YJ", year=2020).value == 421


def test_town_pairs_two_way(demo_users):
    # seed 001: Bijiang's 9 towns and 4 streets all paired
    f = figure(demo_users["admin"], "town_pairs", "KS-BJ")
    assert f.value == 13


def test_cadre_seconded(demo_users):
    # seed 000: 孙道寻, seconded from Kunshan
    assert figure(demo_users["admin"], "talent_cadres", "KS-BJ").value == 1


def test_city_pair_sums_its_county_pairs(demo_users):
    admin = demo_users["admin"]
    city = figure(admin, "employment_poor", "SZ-TR", year=2020).value
    parts = sum(figure(admin, "employment_poor", ref, year=2020).value for ref in ("ZJG-YH", "WJ-YJ", "KS-BJ", "SZ-TR-OTHER"))
    assert city == parts == 198 + 233


def test_reported_only_indicator_has_no_value_without_a_return(demo_users):
    f = figure(demo_users["admin"], "persons_exited", "KS-BJ")
    assert f.value is None and f.display == "—"


# ---------------------------------------------------------------- figures move with records


def _meeting(actor, ref, year):
    from shanhai.exchanges.services import joint_meeting_create

    return joint_meeting_create(
        actor=actor, reference=ref, name="测试联席会议", year=year, east_party="昆山市", east_region_id="320583000000",
        west_party="碧江区", west_region_id="520602000000", pairing=pairing("KS-BJ"), basis=Basis.ITEMISED,
    )


def test_joint_meetings_count_per_year_and_cumulatively(demo_users):
    admin = demo_users["admin"]
    before = figure(admin, "joint_meetings", "KS-BJ").value
    _meeting(admin, "T-JM-2018", 2018)
    _meeting(admin, "T-JM-2019", 2019)
    assert figure(admin, "joint_meetings", "KS-BJ").value == before + 1
    assert figure(admin, "joint_meetings", "KS-BJ", cumulative=True).value == before + 2


def test_fiscal_aid_rises_by_an_itemised_line(demo_users):
    from shanhai.funds.models import FundKind
    from shanhai.funds.services import fund_create

    admin = demo_users["admin"]
    before = figure(admin, "funds_fiscal", "KS-BJ")
    fund_create(
        actor=admin, reference="T-FUND", kind=FundKind.objects.get(code="fiscal_aid"), title="测试", source_name="昆山市",
        source_region_id="320583000000", recipient_name="碧江区", recipient_region_id="520602000000", pairing=pairing("KS-BJ"),
        year=2019, amount=123_456_78, basis=Basis.ITEMISED,
    )
    after = figure(admin, "funds_fiscal", "KS-BJ")
    assert after.value - before.value == Decimal("123456.78")
    assert after.itemised == Decimal("123456.78")
    assert after.display == value_text(before.value + Decimal("123456.78"), "元")


def test_figures_follow_the_users_scope(demo_users):
    # Zhangjiagang reads nothing of Kunshan ↔ Bijiang's funds
    ks_bj = pairing("KS-BJ")
    f = figure_compute(key="funds", user=demo_users["zhangjiagang"], pairing=ks_bj, period={"year": 2019})
    assert f.value == 0 and f.basis == FigureBasis.NONE


def test_every_figure_answers_for_a_county_pair(demo_users):
    """No figure breaks on a pair or period: each gives its declared unit (or says why not)."""
    for key, definition in FIGURES.items():
        for period in ({"year": 2019}, {"up_to_year": 2020}):
            f = figure_compute(key=key, user=demo_users["admin"], pairing=pairing("KS-BJ"), period=period)
            assert definition.unit in ("*", f.unit), key
            assert f.value is not None or f.note, key
