"""Targets stay honest: a target inferred from the achievement it scores says so wherever it is shown,
and an indicator set's 统一目标值 is never the pair's 年度目标."""

from decimal import Decimal

import pytest

from shanhai.assessment import services
from shanhai.assessment.models import TargetBasis
from shanhai.assessment.selectors import TargetOrigin, indicator_result, indicators_for, target_value
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def ind(key, year=2019):
    return next(i for i in indicators_for(year=year) if i.key == key)


def ks_bj():
    return Pairing.objects.get(reference="KS-BJ")


def test_the_demos_13000_jobs_target_is_marked_inferred(demo_users):
    # seed 000 says 昆山每年提供1.3万多个就业岗位: an achievement, no plan; the target taken from it is inferred
    result = indicator_result(user=demo_users["admin"], indicator=ind("jobs_offered"), pairing=ks_bj(), year=2019)
    assert (result.target.value, result.target.origin, result.target.is_pairs_plan) == (13000, TargetOrigin.INFERRED, False)
    assert result.target_display == "13,000 个（由完成数推定）"
    assert result.as_dict()["target_origin"] == "inferred"


def test_a_stated_plan_is_the_pairs_own_target(demo_users):
    # seed 000: 人才交流“六个十”计划 — a plan the source states
    result = indicator_result(user=demo_users["admin"], indicator=ind("talent_professionals"), pairing=ks_bj(), year=2019)
    assert (result.target.origin, result.target.is_pairs_plan) == (TargetOrigin.OWN, True)
    assert "（" not in result.target_display


def test_a_default_target_is_named_as_the_indicator_sets(demo_users):
    result = indicator_result(user=demo_users["admin"], indicator=ind("deep_poverty_coverage"), pairing=ks_bj(), year=2019)
    assert (result.target.value, result.target.origin, result.target.is_pairs_plan) == (100, TargetOrigin.DEFAULT, False)
    assert result.target_display.endswith("（指标体系统一目标值）")


def test_an_inferred_part_marks_the_roll_up(demo_users):
    admin = demo_users["admin"]
    indicator = ind("jobs_offered")
    services.target_set(
        actor=admin, pairing=Pairing.objects.get(reference="ZJG-YH"), year=2019, indicator=indicator, value=Decimal(5000),
    )
    city = target_value(user=admin, pairing=Pairing.objects.get(reference="SZ-TR"), year=2019, indicator=indicator)
    assert (city.value, city.rolled_up, city.inferred, city.origin) == (18000, True, True, TargetOrigin.INFERRED)


def test_the_dashboard_and_its_api_say_the_target_is_inferred(client_for):
    page = client_for("kunshan").get(f"/reports/dashboard/{ks_bj().pk}/?year=2019").content.decode()
    assert "13,000 个（由完成数推定）" in page
    rows = [r for d in client_for("kunshan").get("/api/dashboards/KS-BJ/?year=2019").json()["dimensions"] for r in d["indicators"]]
    [jobs] = [r for r in rows if r["key"] == "jobs_offered"]
    assert (jobs["target_origin"], jobs["target_display"]) == ("inferred", "13,000 个（由完成数推定）")


def test_the_target_template_takes_the_basis(demo_users):
    data = csv_bytes([
        ["结对编号", "年度", "指标", "目标值", "目标依据", "来源"],
        ["KS-BJ", "2020", "jobs_offered", "14000", "来源所载计划", "2020年协议"],
        ["KS-BJ", "2018", "jobs_offered", "12000", "猜的", "—"],
    ])
    result = import_file(importer_get("targets"), filename="t.csv", data=data, actor=demo_users["admin"])
    assert [(p.row, p.column) for p in result.problems] == [(3, "目标依据")]
    assert "来源所载计划、由完成数推定" in result.problems[0].reason
    good = import_file(importer_get("targets"), filename="t.csv", data=csv_bytes([data.decode().splitlines()[0].split(","), ["KS-BJ", "2020", "jobs_offered", "14000", "", "2020年协议"]]), actor=demo_users["admin"])
    assert good.ok and ks_bj().targets.get(year=2020, indicator__key="jobs_offered").basis == TargetBasis.STATED
