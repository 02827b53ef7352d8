"""Targets, completion and scores; indicator sets by year; who may change indicators."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanhai.assessment import services
from shanhai.assessment.models import Indicator, IndicatorSet, Scoring
from shanhai.assessment.selectors import (
    completion_rate,
    indicator_result,
    indicator_score,
    indicators_for,
    pairing_results,
    results_by_dimension,
    target_value,
)
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def ind(key, year=2019):
    return next(i for i in indicators_for(year=year) if i.key == key)


def test_completion_rate_in_percent_one_place():
    assert completion_rate(Decimal(13000), Decimal(13000)) == Decimal("100.0")
    assert completion_rate(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert completion_rate(Decimal(2), Decimal(3)) == Decimal("66.7")
    assert completion_rate(Decimal(5), None) is None
    assert completion_rate(None, Decimal(5)) is None
    assert completion_rate(Decimal(5), Decimal(0)) is None


def test_score_is_capped_by_the_sets_cap():
    indicator = ind("jobs_offered")  # weight 5, completion scoring, cap 1
    assert indicator_score(indicator, Decimal(26000), Decimal(13000)) == Decimal("5.00")
    assert indicator_score(indicator, Decimal(6500), Decimal(13000)) == Decimal("2.50")
    assert indicator_score(indicator, Decimal(6500), None) is None


def test_presence_and_none_scoring():
    towns = ind("town_pairs")  # 有即得分, weight 2
    assert towns.scoring == Scoring.PRESENCE
    assert indicator_score(towns, Decimal(13), None) == Decimal("2.00")
    assert indicator_score(towns, Decimal(0), None) == Decimal("0.00")
    assert indicator_score(ind("planting_area"), Decimal(105), Decimal(100)) is None


def test_kunshan_bijiang_jobs_target_completion_and_score(demo_users):
    result = indicator_result(user=demo_users["admin"], indicator=ind("jobs_offered"), pairing=Pairing.objects.get(reference="KS-BJ"), year=2019)
    assert result.target.value == 13000 and not result.target.rolled_up
    assert result.completion == Decimal("100.0")
    assert result.score == Decimal("5.00")


def test_default_target_applies_where_a_pair_sets_none(demo_users):
    result = indicator_result(
        user=demo_users["admin"], indicator=ind("deep_poverty_coverage"), pairing=Pairing.objects.get(reference="KS-BJ"), year=2019
    )
    assert result.target.value == 100 and result.completion == Decimal("100.0")


def test_city_target_rolls_up_from_its_county_pairs(demo_users):
    admin = demo_users["admin"]
    indicator = ind("jobs_offered")
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    zjg_yh = Pairing.objects.get(reference="ZJG-YH")
    services.target_set(actor=admin, pairing=zjg_yh, year=2019, indicator=indicator, value=Decimal(5000))
    city = target_value(user=admin, pairing=Pairing.objects.get(reference="SZ-TR"), year=2019, indicator=indicator)
    assert city.value == 13000 + 5000 and city.rolled_up and city.parts == 2
    province = target_value(user=admin, pairing=Pairing.objects.get(reference="JS-GZ"), year=2019, indicator=indicator)
    assert province.value == 18000 and province.rolled_up
    # A target of its own wins over the roll-up
    services.target_set(actor=admin, pairing=Pairing.objects.get(reference="SZ-TR"), year=2019, indicator=indicator, value=Decimal(20000))
    assert target_value(user=admin, pairing=Pairing.objects.get(reference="SZ-TR"), year=2019, indicator=indicator).value == 20000
    assert ks_bj.targets.filter(year=2019, indicator=indicator).get().value == 13000


def test_results_cover_all_six_dimensions_in_order(demo_users):
    groups = results_by_dimension(pairing_results(user=demo_users["admin"], pairing=Pairing.objects.get(reference="KS-BJ"), year=2019))
    assert [g.dimension.name for g in groups] == ["组织领导", "人才交流", "资金使用", "产业合作", "劳务协作", "携手奔小康"]
    assert sum(g.weight for g in groups) == Decimal(100)
    assert all(g.results for g in groups)


def test_indicator_sets_may_not_overlap(demo_users):
    with pytest.raises(ValidationError, match="重叠"):
        services.indicator_set_create(actor=demo_users["admin"], code="x", name="重叠的体系", first_year=2020, last_year=2022)


def test_indicator_needs_a_known_figure_of_its_unit(demo_users):
    admin = demo_users["admin"]
    the_set = IndicatorSet.objects.get(code="2021-")
    dimension = ind("funds_fiscal").dimension
    with pytest.raises(ValidationError, match="未知的计算口径"):
        services.indicator_create(actor=admin, indicator_set=the_set, key="x", name="x", dimension=dimension, unit="元", figure="nope")
    with pytest.raises(ValidationError, match="单位"):
        services.indicator_create(actor=admin, indicator_set=the_set, key="x", name="x", dimension=dimension, unit="人", figure="funds")
    with pytest.raises(ValidationError, match="必须允许填报"):
        services.indicator_create(actor=admin, indicator_set=the_set, key="x", name="x", dimension=dimension, unit="人")


def test_adding_an_indicator_is_a_row(demo_users):
    """A new indicator over an existing figure: no code, and it shows in the year's results."""
    admin = demo_users["admin"]
    the_set = IndicatorSet.objects.get(code="2016-2020")
    services.indicator_create(
        actor=admin, indicator_set=the_set, key="visit_people", name="考察互访人次", dimension=ind("joint_meetings").dimension,
        unit="人次", figure="visit_people", weight=Decimal(0), scoring=Scoring.NONE,
    )
    keys = [r.indicator.key for r in pairing_results(user=admin, pairing=Pairing.objects.get(reference="KS-BJ"), year=2019)]
    assert "visit_people" in keys


def test_only_a_nationwide_role_changes_indicators(demo_users):
    indicator = Indicator.objects.get(indicator_set__code="2016-2020", key="jobs_offered")
    for username in ("jiangsu", "kunshan", "auditor"):
        with pytest.raises(PermissionDenied):
            services.indicator_update(actor=demo_users[username], obj=indicator, weight=Decimal(50))
    services.indicator_update(actor=demo_users["admin"], obj=indicator, weight=Decimal(6))
    indicator.refresh_from_db()
    assert indicator.weight == 6


def test_targets_are_written_by_the_pairs_offices(demo_users):
    indicator = ind("jobs_offered")
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    services.target_set(actor=demo_users["kunshan"], pairing=ks_bj, year=2019, indicator=indicator, value=Decimal(14000))
    with pytest.raises(PermissionDenied):
        services.target_set(actor=demo_users["zhangjiagang"], pairing=ks_bj, year=2019, indicator=indicator, value=Decimal(1))
    with pytest.raises(ValidationError, match="不适用于2022年"):
        services.target_set(actor=demo_users["kunshan"], pairing=ks_bj, year=2022, indicator=indicator, value=Decimal(1))
