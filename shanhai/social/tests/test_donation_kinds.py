"""Gifts the reports describe: several donors to one gift, and cash whose amount is not given
(counted, never summed)."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.social.models import Donation
from shanhai.social.selectors import donations_total, donations_without_amount

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "捐赠方", "联合捐赠方", "捐赠方区划代码", "受赠方", "受赠方区划代码", "年度", "形式", "金额", "金额不详"]


def test_a_gift_of_three_donors_and_a_cash_gift_of_unknown_amount(demo_users, client_for):
    before = donations_total(user=demo_users["admin"], region_prefix="520602102", year=2021)
    result = import_file(importer_get("donations"), filename="d.csv", actor=demo_users["kunshan"], data=csv_bytes([
        HEADER,
        ["GIFT-3", "千灯镇商会", "昆山市慈善总会、昆山农商行", "320583108", "云场坪镇", "520602102", "2021", "现金", "30万元", ""],
        ["GIFT-U", "千灯镇", "", "320583108", "云场坪镇", "520602102", "2021", "现金", "", "是"],
    ]))
    assert result.ok, [str(p) for p in result.problems]
    gift = Donation.objects.get(reference="GIFT-3")
    assert gift.donors == ["千灯镇商会", "昆山市慈善总会", "昆山农商行"]
    assert str(gift) == "千灯镇商会、昆山市慈善总会、昆山农商行 → 云场坪镇 30 万元"
    after = donations_total(user=demo_users["admin"], region_prefix="520602102", year=2021)
    assert after.total - before.total == 30_0000_00 and after.records - before.records == 1  # the unknown one not summed
    assert donations_without_amount(user=demo_users["admin"], region_prefix="520602102", year=2021)["金额不详"] == 1
    assert Donation.objects.get(reference="GIFT-U").amount_text == "金额不详"
    page = client_for("kunshan").get("/donations/?search=GIFT").content.decode()
    assert "千灯镇商会、昆山市慈善总会、昆山农商行" in page and "金额不详" in page


def test_an_amount_and_unknown_together_are_refused(demo_users):
    result = import_file(importer_get("donations"), filename="d.csv", actor=demo_users["kunshan"], data=csv_bytes([
        HEADER, ["GIFT-X", "千灯镇", "", "320583108", "云场坪镇", "520602102", "2021", "现金", "5万元", "是"],
    ]))
    assert [(p.row, p.column, p.reason) for p in result.problems] == [(2, "金额不详", "已填金额的捐赠不能标为金额不详。")]
