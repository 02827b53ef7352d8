"""Assessment templates (targets in 万元, bad rows named) and the generated pages, with the records-behind links."""

from decimal import Decimal

import pytest

from shanhai.assessment.models import ReportedValue, Target
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get

pytestmark = pytest.mark.django_db


def run(name, text, actor, encoding="utf-8"):
    return import_file(importer_get(name), filename=f"{name}.csv", data=text.encode(encoding), actor=actor)


def test_targets_take_money_as_offices_write_it(demo_users):
    text = "结对编号,年度,指标,目标值,来源,备注\nKS-BJ,2019,财政援助资金,3000万元,年度计划,\nKS-BJ,2019,funds_all,1.5亿元,年度计划,\n"
    result = run("targets", text, demo_users["kunshan"])
    assert result.ok, result.problems
    targets = {t.indicator.key: t.value for t in Target.objects.filter(pairing__reference="KS-BJ", year=2019)}
    assert targets["funds_fiscal"] == Decimal("30000000")
    assert targets["funds_all"] == Decimal("150000000")


def test_target_rows_with_problems_are_named_and_nothing_is_written(demo_users):
    text = (
        "结对编号,年度,指标,目标值,来源,备注\n"
        "KS-BJ,2019,财政援助资金,3000万元,,\n"
        "KS-BJ,2019,不存在的指标,5,,\n"
        "KS-BJ,2019,提供就业岗位,很多,,\n"
        "NO-SUCH,2019,提供就业岗位,5,,\n"
    )
    before = Target.objects.count()
    result = run("targets", text, demo_users["kunshan"], encoding="gbk")
    assert not result.ok
    reasons = {(p.row, p.column): p.reason for p in result.problems}
    assert "没有指标“不存在的指标”" in reasons[(3, "指标")]
    assert "数字" in reasons[(4, "目标值")]
    assert (5, "结对编号") in reasons
    assert Target.objects.count() == before


def test_targets_out_of_scope_are_refused(demo_users):
    text = "结对编号,年度,指标,目标值,来源,备注\nZJG-YH,2020,提供就业岗位,100,,\n"
    result = run("targets", text, demo_users["kunshan"])
    assert not result.ok and result.problems[0].reason.startswith("结对编号不存在或不在您的权限范围内：ZJG-YH")


def test_reported_values_reimport_is_a_no_op(demo_users):
    text = "编号,结对编号,年度,指标,报告数,数额限定,截至日期,来源,备注\nT-R1,KS-BJ,2019,乡镇结对资金,700万元,以上,,种子报告 000,\n"
    first = run("reported-values", text, demo_users["kunshan"])
    assert first.ok and first.created == 1
    again = run("reported-values", text, demo_users["kunshan"])
    assert again.ok and again.unchanged == 1
    assert ReportedValue.objects.get(reference="T-R1").value == Decimal("7000000")


def test_indicator_import_names_an_unknown_figure(demo_users):
    text = "指标体系,指标代码,指标名称,考核维度,单位,计算口径\n2021-,x,测试,组织领导,次,no_such_figure\n"
    result = run("indicators", text, demo_users["admin"])
    assert not result.ok and "未知计算口径" in result.problems[0].reason


def test_indicator_pages_read_for_all_and_write_for_the_national_office(client_for):
    client = client_for("kunshan")
    page = client.get("/indicators/").content.decode()
    assert "财政援助资金" in page and "funds_fiscal" in page
    assert client.get("/indicators/new/").status_code == 403
    admin = client_for("admin")
    form = admin.get("/indicators/new/").content.decode()
    # the figure is chosen from those registered, by name and unit
    assert '<option value="funds">帮扶资金（元）</option>' in form
    assert '<option value="ten_haves">' in form


def test_targets_list_shows_money_in_wan(client_for):
    page = client_for("kunshan").get("/targets/?pairing=KS-BJ").content.decode()
    assert "13,000 个" in page and "60 人" in page
    assert "ZJG-YH" not in page


def test_ledger_list_filters_by_pairing_subtree_and_year(client_for):
    client = client_for("admin")
    town = client.get("/donations/?pairing=KS-BJ-TOWNS&year=2019").content.decode()
    assert "KS-BJ-DON-ZP" in town  # 张浦镇's 60 万元, filed under a town pair below KS-BJ-TOWNS
    assert "ZJG-YH" not in town
    none = client.get("/donations/?pairing=KS-BJ-TOWNS&year=2020").content.decode()
    assert "KS-BJ-DON-ZP" not in none
    # a pairing the user cannot see gives nothing
    hidden = client_for("zhangjiagang").get("/donations/?pairing=KS-BJ").content.decode()
    assert "KS-BJ-DON" not in hidden


def test_the_national_office_adds_an_indicator_through_the_form(client_for, demo_users):
    from shanhai.assessment.models import Dimension, Indicator, IndicatorSet
    from shanhai.assessment.selectors import pairing_results
    from shanhai.pairings.models import Pairing

    admin = client_for("admin")
    the_set = IndicatorSet.objects.get(code="2016-2020")
    response = admin.post("/indicators/new/", {
        "indicator_set": the_set.pk, "key": "visit_people", "name": "考察互访人次", "dimension": Dimension.objects.get(name="组织领导").pk,
        "unit": "人次", "figure": "visit_people", "parameter": "", "scoring": "none", "weight": "0", "order": "9",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Indicator.objects.get(indicator_set=the_set, key="visit_people")
    assert response["Location"] == f"/indicators/{created.pk}/"
    # it is in the year's results at once, for every reader
    results = {r.indicator.key: r for r in pairing_results(user=demo_users["kunshan"], pairing=Pairing.objects.get(reference="KS-BJ"), year=2019)}
    assert "visit_people" in results and results["visit_people"].actual.unit == "人次"
