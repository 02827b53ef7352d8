"""The agreements and ten-haves confirmation templates: upsert by key, every bad row reported, scope."""

import pytest

from shanhai.agreements.models import Agreement, TenHaveCheck
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "结对编号", "签订年度", "协议名称", "签订日期", "签约各方", "主要内容", "有效期起始年度", "有效期截止年度", "来源", "备注"]


def run(name, rows, user, encoding="utf-8"):
    return import_file(importer_get(name), filename="t.csv", data=csv_bytes(rows, encoding), actor=user)


def test_demo_agreements_from_the_seeds():
    chambers = Agreement.objects.get(reference="ZJG-YH-CHAMBERS-AGR-2020")
    assert (chambers.year, str(chambers.signed_on), chambers.pairing.reference) == (2020, "2020-04-21", "ZJG-YH-CHAMBERS")
    assert "120万元" in chambers.terms
    assert Agreement.objects.get(reference="ZJG-YH-AGR").year is None  # seed 002 gives no date


def test_import_agreement_creates_then_updates(demo_users):
    kunshan = demo_users["kunshan"]
    row = ["T-KS-BJ-AGR-2020", "KS-BJ", "", "2020年东西部协作协议", "2020-03-01", "昆山市、碧江区", "", "2020", "2022", "测试", ""]
    result = run("agreements", [HEADER, row], kunshan, "gbk")
    assert result.ok and result.created == 1
    agreement = Agreement.objects.get(reference="T-KS-BJ-AGR-2020")
    assert agreement.year == 2020 and agreement.valid_text == "2020—2022年"
    row[3] = "2020年东西部协作协议（修订）"
    result = run("agreements", [HEADER, row], kunshan)
    assert result.ok and (result.created, result.updated) == (0, 1)
    assert Agreement.objects.get(reference="T-KS-BJ-AGR-2020").title.endswith("（修订）")


def test_import_agreement_bad_rows_write_nothing(demo_users):
    rows = [
        HEADER,
        ["T-A", "KS-BJ", "2019", "年度与日期不符", "2020-01-01", "", "", "", "", "", ""],
        ["T-B", "NO-SUCH", "2019", "无此结对", "", "", "", "", "", "", ""],
        ["T-C", "KS-BJ", "2019", "截止早于起始", "", "", "", "2020", "2019", "", ""],
    ]
    result = run("agreements", rows, demo_users["admin"])
    assert not result.ok
    assert {p.row for p in result.problems} == {2, 3, 4}
    assert not Agreement.objects.filter(reference__in=["T-A", "T-B", "T-C"]).exists()


def test_import_agreement_out_of_scope(demo_users):
    row = ["T-ZJG", "ZJG-YH", "2021", "越权", "", "", "", "", "", "", ""]
    result = run("agreements", [HEADER, row], demo_users["kunshan"])
    assert not result.ok and not Agreement.objects.filter(reference="T-ZJG").exists()


def test_import_ten_have_checks(demo_users):
    header = ["结对编号", "年度", "事项", "已达到", "确认人", "来源", "说明"]
    result = run("ten-have-checks", [header, ["KS-BJ", "2020", "有成效", "", "碧江区乡村振兴局", "年度总结", ""]], demo_users["bijiang"])
    assert result.ok and result.created == 1
    assert TenHaveCheck.objects.get(pairing__reference="KS-BJ", year=2020, item__code="results").met is True
    missing_name = run("ten-have-checks", [header, ["KS-BJ", "2020", "有措施", "是", "", "", ""]], demo_users["bijiang"])
    assert not missing_name.ok and missing_name.problems[0].column == "确认人"
    unknown = run("ten-have-checks", [header, ["KS-BJ", "2020", "有热情", "是", "某人", "", ""]], demo_users["bijiang"])
    assert not unknown.ok and "未知事项" in unknown.problems[0].reason


def test_demo_checks_loaded():
    checks = TenHaveCheck.objects.filter(pairing__reference="KS-BJ", year=2019)
    assert sorted(c.item.name for c in checks) == ["有成效", "有措施"]
    assert {c.confirmed_by for c in checks} == {"碧江区乡村振兴局"}
