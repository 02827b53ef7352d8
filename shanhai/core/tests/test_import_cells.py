"""What a cell says is read, never guessed: a money column names its unit, a number carries its own
qualifier ("300余", "102万余元"), a 年度 cell may be a span ("2017—2019"), a date may be known only to
the month ("2019年3月") — and a cell that leaves its meaning open is refused, naming row and column."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.funds.models import Fund

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "资金类别", "资金名称", "来源方", "来源方区划代码", "使用方", "使用方区划代码", "结对编号",
          "年度", "日期", "金额（万元）", "涉及项目数", "登记方式", "数额限定"]


def fund_row(ref, *, year="2020", date="", amount="30", projects="", basis="逐笔登记", qualifier=""):
    return [ref, "乡镇结对资金", "千灯镇结对资金", "千灯镇", "320583108", "云场坪镇", "520602102", "KS-BJ-TOWNS",
            year, date, amount, projects, basis, qualifier]


def run(rows, actor, header=HEADER):
    return import_file(importer_get("funds"), filename="f.csv", data=csv_bytes([header, *rows]), actor=actor)


def reasons(result):
    return {(p.row, p.column): p.reason for p in result.problems}


# ---------------------------------------------------------------- units in headers


def test_every_written_form_of_2345_wan_reads_the_same(demo_users):
    forms = ["2345万", "2,345万元", "0.2345亿元", "23,450,000元", "2345"]
    result = run([fund_row(f"CELL-M-{i}", amount=text) for i, text in enumerate(forms)], demo_users["kunshan"])
    assert result.ok, result.problems
    amounts = dict(Fund.objects.filter(reference__startswith="CELL-M-").values_list("reference", "amount"))
    assert amounts == {f"CELL-M-{i}": 2345_0000_00 for i in range(5)}  # 2345 万元, in fen


def test_a_bare_number_under_the_header_in_wan_is_wan(demo_users):
    assert run([fund_row("CELL-WAN", amount="700")], demo_users["kunshan"]).ok
    assert Fund.objects.get(reference="CELL-WAN").amount == 700_0000_00


def test_the_old_header_still_loads_amounts_with_their_unit_but_refuses_a_bare_number(demo_users):
    old = [*HEADER[:10], "金额", *HEADER[11:]]
    result = run([fund_row("CELL-OLD-1", amount="700万元"), fund_row("CELL-OLD-2", amount="700")], demo_users["kunshan"], header=old)
    reason = reasons(result)[(3, "金额")]
    assert "请写明单位，如 700万元" in reason and "0.2345亿元" in reason
    assert "第 3 行「金额」列（值：700）" in str(result.problems[0])
    assert not Fund.objects.filter(reference__startswith="CELL-OLD-").exists()
    assert run([fund_row("CELL-OLD-1", amount="700万元")], demo_users["kunshan"], header=old).ok
    assert Fund.objects.get(reference="CELL-OLD-1").amount == 700_0000_00


def test_an_unreadable_amount_is_refused_naming_the_accepted_forms(demo_users):
    result = run([fund_row("CELL-BAD", amount="七百万")], demo_users["kunshan"])
    reason = reasons(result)[(2, "金额（万元）")]
    assert "不带单位的数按万元计" in reason and "2,345万元" in reason and "23,450,000元" in reason


# ---------------------------------------------------------------- a qualifier per number


def test_a_qualifier_written_on_a_count_lands_in_qualifiers(demo_users):
    result = run([fund_row("CELL-Q-1", projects="300余"), fund_row("CELL-Q-2", projects="近10"),
                  fund_row("CELL-Q-3", projects="1.3万多")], demo_users["kunshan"])
    assert result.ok, result.problems
    got = {f.reference: (f.project_count, f.qualifiers) for f in Fund.objects.filter(reference__startswith="CELL-Q-")}
    assert got == {
        "CELL-Q-1": (300, {"project_count": "over"}),
        "CELL-Q-2": (10, {"project_count": "nearly"}),
        "CELL-Q-3": (13000, {"project_count": "at_least"}),
    }


def test_a_count_written_in_wan_is_read_whole(demo_users):
    assert run([fund_row("CELL-Q-WAN", projects="1.3万")], demo_users["kunshan"]).ok
    fund = Fund.objects.get(reference="CELL-Q-WAN")
    assert (fund.project_count, fund.qualifiers) == (13000, {})


def test_the_main_figure_s_qualifier_written_in_its_cell_needs_no_qualifier_column(demo_users):
    rows = [fund_row("CELL-Q-M1", amount="102万余元"), fund_row("CELL-Q-M2", amount="700万元以上"),
            fund_row("CELL-Q-M3", amount="约100")]
    assert run(rows, demo_users["kunshan"]).ok
    got = {f.reference: (f.amount, f.qualifier, f.qualifier_for("amount")) for f in Fund.objects.filter(reference__startswith="CELL-Q-M")}
    assert got == {
        "CELL-Q-M1": (102_0000_00, "over", "over"),
        "CELL-Q-M2": (700_0000_00, "at_least", "at_least"),
        "CELL-Q-M3": (100_0000_00, "about", "about"),
    }


def test_a_qualifier_column_that_contradicts_the_cell_is_refused(demo_users):
    result = run([fund_row("CELL-Q-X", amount="近100", qualifier="以上")], demo_users["kunshan"])
    assert "不一致" in reasons(result)[(2, "数额限定")]
    assert not Fund.objects.filter(reference="CELL-Q-X").exists()


def test_re_importing_an_exact_figure_clears_its_old_qualifier(demo_users):
    assert run([fund_row("CELL-Q-R", projects="300余")], demo_users["kunshan"]).ok
    assert run([fund_row("CELL-Q-R", projects="300")], demo_users["kunshan"]).ok
    assert Fund.objects.get(reference="CELL-Q-R").qualifiers == {}


# ---------------------------------------------------------------- spans of years


@pytest.mark.parametrize("text", ["2017—2019", "2017-2019", "2017至2019", "2017～2019"])
def test_a_span_of_years_makes_year_from_and_year(demo_users, text):
    assert run([fund_row("CELL-SPAN", year=text)], demo_users["kunshan"]).ok
    fund = Fund.objects.get(reference="CELL-SPAN")
    assert (fund.year_from, fund.year, fund.years_text) == (2017, 2019, "2017—2019")


def test_a_single_year_leaves_year_from_empty_even_over_a_span(demo_users):
    assert run([fund_row("CELL-SPAN-1", year="2017—2019")], demo_users["kunshan"]).ok
    assert run([fund_row("CELL-SPAN-1", year="2019")], demo_users["kunshan"]).ok
    assert Fund.objects.get(reference="CELL-SPAN-1").year_from is None


def test_an_open_ended_span_is_refused_asking_for_its_end_year(demo_users):
    result = run([fund_row("CELL-SINCE", year="2017年以来")], demo_users["kunshan"])
    reason = reasons(result)[(2, "年度")]
    assert "没有截至年度" in reason and "请写起止年度，如 2017—2019" in reason


def test_a_span_where_the_table_keeps_one_year_is_refused_naming_the_column(demo_users):
    header = ["区划代码", "年度", "指标", "数值", "截至日期", "来源"]
    data = csv_bytes([header, ["520602", "2017—2019", "贫困人口", "100", "", "测试"]])
    result = import_file(importer_get("reported"), filename="r.csv", data=data, actor=demo_users["admin"])
    assert reasons(result)[(2, "年度")] == "本表的年度只能填一个年度，如 2019"


# ---------------------------------------------------------------- dates known to the month or the year


def test_a_month_keeps_its_precision_and_is_shown_as_the_month(demo_users, client_for):
    rows = [fund_row("CELL-D-M", year="2019", date="2019年3月"), fund_row("CELL-D-Y", year="2019", date="2019年"),
            fund_row("CELL-D-D", year="2019", date="2019-03-05"), fund_row("CELL-D-N", year="2019", date="2019-04")]
    assert run(rows, demo_users["kunshan"]).ok
    got = {f.reference: (f.date, f.precisions) for f in Fund.objects.filter(reference__startswith="CELL-D-")}
    assert got == {
        "CELL-D-M": (datetime.date(2019, 3, 1), {"date": "month"}),
        "CELL-D-Y": (datetime.date(2019, 1, 1), {"date": "year"}),
        "CELL-D-D": (datetime.date(2019, 3, 5), {}),
        "CELL-D-N": (datetime.date(2019, 4, 1), {"date": "month"}),
    }
    page = client_for("kunshan").get(reverse("ledger:funds_detail", args=[Fund.objects.get(reference="CELL-D-M").pk]))
    assert "<tr><th>日期</th><td>2019年3月</td></tr>" in page.content.decode()


def test_the_dated_filter_writes_a_date_as_precisely_as_it_is_known():
    render = Template('{% load shanhai %}{{ a|dated:"date" }} / {{ b|dated:"date" }} / {{ c|dated:"date" }}').render
    month = Fund(date=datetime.date(2019, 3, 1), precisions={"date": "month"})
    year = Fund(date=datetime.date(2019, 1, 1), precisions={"date": "year"})
    day = Fund(date=datetime.date(2019, 3, 5))
    assert render(Context({"a": month, "b": year, "c": day})) == "2019年3月 / 2019年 / 2019-03-05"


def test_a_bad_date_is_refused_naming_the_forms(demo_users):
    result = run([fund_row("CELL-D-BAD", date="三月")], demo_users["kunshan"])
    assert "2020年4月" in reasons(result)[(2, "日期")]


def test_a_ledger_list_shows_a_month_as_the_month(demo_users, client_for):
    header = ["台账编号", "捐赠方", "捐赠方区划代码", "受赠方", "受赠方区划代码", "年度", "日期", "形式", "金额（万元）"]
    data = csv_bytes([header, ["CELL-DON-M", "千灯镇", "320583108", "云场坪镇", "520602102", "2019", "2019年3月", "现金", "5"]])
    result = import_file(importer_get("donations"), filename="d.csv", data=data, actor=demo_users["kunshan"])
    assert result.ok, result.problems
    page = client_for("kunshan").get("/donations/?q=CELL-DON-M").content.decode()
    assert "2019年3月" in page and "2019-03-01" not in page
