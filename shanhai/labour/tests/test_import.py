"""Each labour template: a good file writes every row; a bad one names the row and writes nothing;
an office cannot import into another county's records."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.labour.models import (
    EmploymentOutcome,
    JobFair,
    JobsOffered,
    LabourStation,
    OrderClass,
    OrganisedTransport,
)

pytestmark = pytest.mark.django_db

# template → (model, header, good rows, bad rows with (row number, column, reason fragment))
CASES = {
    "labour-stations": (
        LabourStation,
        ["台账编号", "名称", "东部区划代码", "西部区划代码", "结对编号", "设立日期", "登记方式"],
        [["IMP-LS-1", "坝黄镇劳务驿站", "320583106", "520602101", "KS-BJ-TOWN-ZP", "2020-03-01", "逐笔登记"]],
        [["IMP-LS-2", "x", "320583", "999999", "", "", "逐笔登记"]],
        (2, "西部区划代码", "区划代码不存在"),
    ),
    "job-fairs": (
        JobFair,
        ["台账编号", "名称", "日期", "年度", "东部区划代码", "西部区划代码", "提供岗位", "求职人数", "达成意向/签约人数", "登记方式"],
        [["IMP-JF-1", "昆山企业碧江专场招聘会", "2020-02-20", "2020", "320583", "520602", "1200", "800", "150", "逐笔登记"]],
        [["IMP-JF-2", "x", "2020-02-20", "2019", "320583", "520602", "10", "5", "9", "逐笔登记"]],
        (2, "年度", "年度与日期不符"),
    ),
    "jobs-offered": (
        JobsOffered,
        ["台账编号", "提供方", "提供方区划代码", "面向", "面向区划代码", "结对编号", "年度", "岗位数", "每年", "登记方式", "数额限定"],
        [["IMP-JO-1", "昆山市", "320583", "碧江区", "520602", "KS-BJ", "2020", "15000", "是", "汇总（只知总数）", "以上"]],
        [["IMP-JO-2", "昆山市", "320583", "碧江区", "520602", "KS-BJ", "2020", "很多", "是", "汇总（只知总数）", "以上"]],
        (2, "岗位数", "应为整数"),
    ),
    "order-classes": (
        OrderClass,
        ["台账编号", "班级名称", "学校", "学校区划代码", "合作企业", "企业区划代码", "结对编号", "学生人数", "其中建档立卡贫困学生", "登记方式"],
        [["IMP-OC-1", "昆山电子班", "铜仁职业学院", "520600", "昆山丘钛微电子科技有限公司", "320583", "KS-BJ", "40", "12", "逐笔登记"]],
        [["IMP-OC-2", "x", "铜仁职业学院", "520600", "某企业", "320583", "KS-BJ", "10", "12", "逐笔登记"]],
        (2, "其中建档立卡贫困学生", "不能多于总人数"),
    ),
    "transports": (
        OrganisedTransport,
        ["台账编号", "名称", "方式", "航班/车次", "日期", "年度", "人数", "其中建档立卡贫困人口", "出发地", "出发地区划代码", "目的地", "目的地区划代码", "登记方式"],
        [["IMP-TR-1", "碧江—昆山返岗专列", "专列", "Z123", "2020-02-25", "2020", "300", "120", "碧江区", "520602", "昆山市", "320583", "逐笔登记"]],
        [["IMP-TR-2", "包机", "包机", "", "2020-02-25", "2020", "100", "", "碧江区", "520602", "昆山市", "320583", "逐笔登记"]],
        (2, "航班/车次", "包机请填航班号"),
    ),
    "employment-outcomes": (
        EmploymentOutcome,
        ["台账编号", "劳动力来源", "来源地区划代码", "就业去向", "就业地区划代码", "年度", "上岗日期", "在岗月数", "人数", "其中建档立卡贫困劳动力", "登记方式"],
        [["IMP-EO-1", "碧江区劳动力", "520602", "结对东部城市", "320583", "2020", "2020-03-01", "8", "25", "10", "汇总（只知总数）"]],
        [["IMP-EO-2", "碧江区劳动力", "520602", "去火星", "320583", "2020", "", "", "25", "10", "汇总（只知总数）"]],
        (2, "就业去向", "未知就业去向"),
    ),
}


@pytest.mark.parametrize("template", list(CASES))
def test_good_file_writes_every_row(demo_users, template):
    model, header, good, _bad, _why = CASES[template]
    result = import_file(importer_get(template), filename="t.csv", actor=demo_users["workteam"], data=csv_bytes([header, *good], encoding="gbk"))
    assert result.ok, result.problems
    assert result.created == len(good)
    assert model.objects.filter(reference=good[0][0]).exists()


@pytest.mark.parametrize("template", list(CASES))
def test_bad_row_is_named_and_nothing_written(demo_users, template):
    model, header, good, bad, (row, column, reason) = CASES[template]
    before = model.objects.count()
    result = import_file(importer_get(template), filename="t.csv", actor=demo_users["workteam"], data=csv_bytes([header, *good, *bad]))
    problems = {(p.row, p.column): p.reason for p in result.problems}
    assert reason in problems[(row + 1, column)], result.problems
    assert model.objects.count() == before


def test_bijiang_cannot_import_into_yanhe(demo_users):
    header, rows = CASES["employment-outcomes"][1], [
        ["IMP-EO-YH", "沿河县劳动力", "520627", "结对东部城市", "320582", "2020", "", "", "30", "", "汇总（只知总数）"],
    ]
    result = import_file(importer_get("employment-outcomes"), filename="t.csv", actor=demo_users["bijiang"], data=csv_bytes([header, *rows]))
    assert not result.ok and "超出权限范围" in result.problems[0].reason and result.problems[0].row == 2
    assert not EmploymentOutcome.objects.filter(reference="IMP-EO-YH").exists()
    # nor overwrite the 233 by re-using its reference
    rows = [["ZJG-YH-EMP-233", "沿河县贫困劳动力", "520627", "结对东部城市", "320582", "2020", "", "", "1", "", "汇总（只知总数）"]]
    result = import_file(importer_get("employment-outcomes"), filename="t.csv", actor=demo_users["bijiang"], data=csv_bytes([header, *rows]))
    assert not result.ok
    assert EmploymentOutcome.objects.get(reference="ZJG-YH-EMP-233").workers == 233


def test_transport_reference_links_an_outcome(demo_users):
    header = ["台账编号", "劳动力来源", "来源地区划代码", "就业去向", "组织输送编号", "年度", "人数", "登记方式"]
    result = import_file(importer_get("employment-outcomes"), filename="t.csv", actor=demo_users["admin"], data=csv_bytes([
        header, ["IMP-EO-T", "铜仁市务工人员", "520600", "结对东部城市", "NO-SUCH-TRANSPORT", "2020", "10", "汇总（只知总数）"],
    ]))
    assert "组织输送编号不存在" in result.problems[0].reason or "不存在" in result.problems[0].reason
