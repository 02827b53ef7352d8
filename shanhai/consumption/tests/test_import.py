"""Each consumption template: a good file writes every row; a bad one names the row and writes
nothing; an office cannot import into another county's records."""

import pytest

from shanhai.consumption.models import DistributionContract, Sale, SalesChannel
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes, out_of_reach

pytestmark = pytest.mark.django_db

CASES = {
    "sales-channels": (
        SalesChannel,
        ["台账编号", "名称", "渠道类别", "上级渠道编号", "个数", "东部区划代码", "西部区划代码", "结对编号", "登记方式"],
        [
            ["IMP-CH-1", "碧江农产品昆山旗舰店", "旗舰店", "", "1", "320583", "520602", "KS-BJ", "逐笔登记"],
            ["IMP-CH-2", "旗舰店内专柜", "专柜", "IMP-CH-1", "3", "", "", "", "汇总（只知总数）"],
        ],
        [["IMP-CH-3", "x", "旗舰店", "NO-SUCH", "1", "320583", "520602", "", "逐笔登记"]],
        ("上级渠道编号", "上级渠道编号不存在"),
    ),
    "sales": (
        Sale,
        ["台账编号", "产品", "生产方", "产地区划代码", "购买/销售方", "销往区划代码", "渠道类别", "结对编号", "年度", "数量", "单位", "金额", "登记方式"],
        [["IMP-S-1", "白水贡米", "碧江白水大米合作社", "520602", "昆山某单位食堂", "320583", "单位采购", "KS-BJ", "2020", "3", "吨", "2.4万元", "逐笔登记"]],
        [["IMP-S-2", "羊肚菌", "碧江区", "520602", "昆山", "320583", "", "KS-BJ", "2020", "5", "担", "1万元", "逐笔登记"]],
        ("单位", "未知单位"),
    ),
    "distribution-contracts": (
        DistributionContract,
        ["台账编号", "销售方", "销售方区划代码", "经销企业家数", "经销企业区划代码", "结对编号", "年度", "签约日期", "活动开始", "活动结束", "登记方式"],
        [["IMP-DC-1", "碧江白水大米合作社", "520602", "2", "320583", "KS-BJ", "2020", "2020-11-14", "2020-11-13", "2020-11-15", "逐笔登记"]],
        [["IMP-DC-2", "碧江白水大米合作社", "520602", "2", "320583", "KS-BJ", "2020", "2020-11-20", "2020-11-13", "2020-11-15", "逐笔登记"]],
        ("签约日期", "不在活动起止之间"),
    ),
}


@pytest.mark.parametrize("template", list(CASES))
def test_good_file_writes_every_row(demo_users, template):
    model, header, good, _bad, _why = CASES[template]
    result = import_file(importer_get(template), filename="t.csv", actor=demo_users["workteam"], data=csv_bytes([header, *good], encoding="gbk"))
    assert result.ok, result.problems
    assert result.created == len(good)
    assert model.objects.filter(reference=good[-1][0]).exists()


def test_imported_sale_converts_exactly(demo_users):
    header, good = CASES["sales"][1], CASES["sales"][2]
    import_file(importer_get("sales"), filename="t.csv", actor=demo_users["workteam"], data=csv_bytes([header, *good]))
    sale = Sale.objects.get(reference="IMP-S-1")
    assert (sale.mass_grams, sale.amount, sale.channel_kind.name) == (3_000_000, 24_000_00, "单位采购")
    import_file(importer_get("sales-channels"), filename="t.csv", actor=demo_users["workteam"], data=csv_bytes([CASES["sales-channels"][1], *CASES["sales-channels"][2]]))
    child = SalesChannel.objects.get(reference="IMP-CH-2")
    assert (child.parent.reference, child.east_region_id, child.count) == ("IMP-CH-1", "320583000000", 3)


@pytest.mark.parametrize("template", list(CASES))
def test_bad_row_is_named_and_nothing_written(demo_users, template):
    model, header, good, bad, (column, reason) = CASES[template]
    before = model.objects.count()
    result = import_file(importer_get(template), filename="t.csv", actor=demo_users["workteam"], data=csv_bytes([header, *good, *bad]))
    row = len(good) + 2
    problems = {(p.row, p.column): p.reason for p in result.problems}
    assert reason in problems[(row, column)], result.problems
    assert model.objects.count() == before


def test_bijiang_cannot_import_into_yanhe(demo_users):
    header = CASES["sales"][1]
    rows = [["IMP-S-YH", "黄花菜", "新景镇龙山村", "520627116204", "永钢集团", "320582", "单位采购", "ZJG-YH", "2020", "100", "斤", "", "逐笔登记"]]
    result = import_file(importer_get("sales"), filename="t.csv", actor=demo_users["bijiang"], data=csv_bytes([header, *rows]))
    assert not result.ok and result.problems[0].row == 2
    assert result.problems[0].reason.startswith("结对编号不存在或不在您的权限范围内：ZJG-YH")
    assert not Sale.objects.filter(reference="IMP-S-YH").exists()
    rows = [["ZJG-YH-SALE-YG-HHC", "黄花菜", "新景镇龙山村", "520627116204", "永钢集团", "320582", "单位采购", "ZJG-YH", "2020", "1", "斤", "", "逐笔登记"]]
    result = import_file(importer_get("sales"), filename="t.csv", actor=demo_users["bijiang"], data=csv_bytes([header, *rows]))
    assert not result.ok
    # Yanhe's sale and pair are beyond Bijiang's sight: refused, and nothing is said of where they are.
    assert out_of_reach(result.problems[0].reason) and "520627" not in result.problems[0].reason
    assert Sale.objects.get(reference="ZJG-YH-SALE-YG-HHC").mass_grams == 810_000
