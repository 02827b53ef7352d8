"""Likely duplicates (issue 11 point 7): one thing entered once by each side of a pair, under two
references. At import the second entry stops and asks; the selector finds the pairs in SQL.

Both offices keep a visit (ADR 010: neither side alone), so the same delegation is easily entered
twice: 周市镇's delegation to 瓦屋乡, once by Kunshan's office and once by Bijiang's. A donation is
the donor's to record: Bijiang's office cannot enter Kunshan's gift a second time at all.
"""

import pytest

from shanhai.core.duplicates import likely_duplicates, user_side
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.exchanges.models import Visit
from shanhai.social.models import Donation

pytestmark = pytest.mark.django_db

VISIT_HEADER = ["台账编号", "考察团/活动", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "年度",
                "开始日期", "团组人数", "登记方式"]


def visit_row(reference, people="12", year="2020", date="2020-06-18"):
    return [reference, "周市镇考察团", "周市镇", "320583102", "瓦屋乡", "520602203", "KS-BJ-TOWN-ZS", year, date, people, "逐笔登记"]


def run(name, header, user, *rows, confirm=False):
    return import_file(importer_get(name), filename=f"{name}.csv", data=csv_bytes([header, *rows]), actor=user,
                       confirm=confirm)


def visits(user, *rows, confirm=False):
    return run("visits", VISIT_HEADER, user, *rows, confirm=confirm)


@pytest.fixture
def kunshan_entered_the_visit(demo_users):
    result = visits(demo_users["kunshan"], visit_row("KS-BJ-VISIT-2020-06-18"))
    assert result.ok and result.created == 1, [str(p) for p in result.problems + result.warnings]


def test_the_offices_sides(demo_users):
    assert [user_side(demo_users[u]) for u in ("kunshan", "bijiang", "admin", "workteam")] == ["east", "west", "", ""]


def test_bijiang_entering_the_visit_kunshan_entered_is_flagged_and_not_added(demo_users, kunshan_entered_the_visit):
    result = visits(demo_users["bijiang"], visit_row("BJ-VISIT-2020-007"))
    assert not result.problems, [str(p) for p in result.problems]
    assert result.held and not result.ok
    [warning] = result.warnings
    assert (warning.row, warning.kind, warning.reference) == (2, "duplicate", "KS-BJ-VISIT-2020-06-18")
    assert str(warning).startswith("第 2 行：疑似重复：与昆山市对口帮扶办（kunshan）已录入的「KS-BJ-VISIT-2020-06-18」相同")
    assert "2020 年度" in str(warning) and "团组人数 12" in str(warning)
    assert not Visit.objects.filter(reference="BJ-VISIT-2020-007").exists()


def test_confirmed_the_second_entry_is_written_and_the_pair_is_listed(demo_users, kunshan_entered_the_visit):
    result = visits(demo_users["bijiang"], visit_row("BJ-VISIT-2020-007"), confirm=True)
    assert result.ok and result.created == 1 and result.confirmed
    pairs = likely_duplicates(user=demo_users["kunshan"], models=[Visit])
    assert [(p.first.reference, p.second.reference) for p in pairs] == [("BJ-VISIT-2020-007", "KS-BJ-VISIT-2020-06-18")]
    [pair] = pairs
    assert (pair.first_by.username, pair.second_by.username) == ("bijiang", "kunshan")
    assert (pair.first_side, pair.second_side) == ("west", "east")
    assert (pair.amount_text, pair.year, pair.figure_label) == ("12", 2020, "团组人数")
    # every ledger is looked through when none is named, and Bijiang sees the same pair
    assert [(p.first.reference, p.second.reference) for p in likely_duplicates(user=demo_users["bijiang"])] == [
        ("BJ-VISIT-2020-007", "KS-BJ-VISIT-2020-06-18")
    ]


def test_another_figure_or_year_is_no_duplicate(demo_users, kunshan_entered_the_visit):
    assert visits(demo_users["bijiang"], visit_row("BJ-VISIT-2020-008", people="13")).ok
    assert visits(demo_users["bijiang"], visit_row("BJ-VISIT-2021-001", year="2021", date="2021-06-18")).ok
    assert likely_duplicates(user=demo_users["kunshan"], models=[Visit]) == []


def test_one_side_entering_two_like_records_is_not_asked(demo_users, kunshan_entered_the_visit):
    # two delegations of twelve in one year, entered by one office, are two delegations
    assert visits(demo_users["kunshan"], visit_row("KS-BJ-VISIT-2020-09-02", date="2020-09-02")).ok
    assert likely_duplicates(user=demo_users["kunshan"], models=[Visit]) == []


def test_a_pair_is_listed_only_to_whoever_reads_both(demo_users, kunshan_entered_the_visit):
    visits(demo_users["bijiang"], visit_row("BJ-VISIT-2020-007"), confirm=True)
    assert likely_duplicates(user=demo_users["zhangjiagang"], models=[Visit]) == []


def test_bijiang_cannot_enter_a_gift_kunshan_recorded_a_second_time(demo_users):
    header = ["台账编号", "捐赠方", "捐赠方区划代码", "受赠方", "受赠方区划代码", "结对编号", "年度", "形式", "金额", "登记方式"]
    gift = ["周市镇", "320583102", "瓦屋乡", "520602203", "KS-BJ-TOWN-ZS", "2020", "现金", "30万元", "逐笔登记"]
    assert run("donations", header, demo_users["kunshan"], ["KS-BJ-DON-ZS-2020", *gift]).ok
    result = run("donations", header, demo_users["bijiang"], ["BJ-DON-2020-007", *gift], confirm=True)
    assert not result.ok and "此记录由东部（帮扶方）一方填写" in result.problems[0].reason
    assert not Donation.objects.filter(reference="BJ-DON-2020-007").exists()


def test_the_demo_holds_no_likely_duplicates(demo_users):
    assert likely_duplicates(user=demo_users["admin"]) == []
