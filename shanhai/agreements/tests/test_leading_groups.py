"""The county's leading group (领导小组) as a record: template, page, API, the figure ``leading_groups``
and the briefing's 组织领导."""

from decimal import Decimal

import pytest

from shanhai.agreements.models import LeadingGroup
from shanhai.assessment.figures import figure_compute
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "结对编号", "所属一方", "领导小组名称", "成立日期", "组长", "组成", "成员单位数", "办公室设在"]


def test_a_leading_group_is_recorded_and_told(demo_users, client_for):
    # 碧江区2018年3月成立东西部扶贫协作工作领导小组，区委书记、区长任双组长，27个部门为成员单位，办公室设在区扶贫办
    result = import_file(importer_get("leading-groups"), filename="g.csv", actor=demo_users["bijiang"], data=csv_bytes([
        HEADER,
        ["BJ-LG-2018", "KS-BJ", "西部", "碧江区东西部扶贫协作工作领导小组", "2018年3月", "区委书记、区长（双组长）", "", "27", "区扶贫办"],
    ]))
    assert result.ok, [str(p) for p in result.problems]
    group = LeadingGroup.objects.get(reference="BJ-LG-2018")
    assert (group.year, group.precisions, group.when_text, group.member_units) == (2018, {"set_up_on": "month"}, "2018年3月", 27)
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    admin = demo_users["admin"]
    assert figure_compute(key="leading_groups", user=admin, pairing=ks_bj, period={"year": 2018}).value == Decimal(1)
    assert figure_compute(key="leading_groups", user=admin, pairing=ks_bj, period={"up_to_year": 2019}).value == Decimal(1)
    assert figure_compute(key="leading_groups", user=admin, pairing=ks_bj, period={"year": 2019}).value == Decimal(0)
    # Kunshan reads it (both sides read the pair), on the ledger page and in the API
    assert "碧江区东西部扶贫协作工作领导小组" in client_for("kunshan").get("/leading-groups/").content.decode()
    rows = client_for("kunshan").get("/api/leading-groups/").json()["results"]
    assert [r["reference"] for r in rows] == ["BJ-LG-2018"]
    md = client_for("kunshan").get(f"/reports/briefing/{ks_bj.pk}.md?year=2018").content.decode()
    [line] = [line for line in md.splitlines() if "领导小组" in line and "成立" in line]
    assert line == "2018年3月，成立碧江区东西部扶贫协作工作领导小组，区委书记、区长（双组长）任组长，成员单位27个，办公室设在区扶贫办。"


def test_a_group_beyond_ones_pairs_is_refused(demo_users):
    result = import_file(importer_get("leading-groups"), filename="g.csv", actor=demo_users["zhangjiagang"], data=csv_bytes([
        HEADER, ["ZJG-LG-X", "KS-BJ", "东部", "", "2018", "", "", "", ""],
    ]))
    assert not result.ok and not LeadingGroup.objects.filter(reference="ZJG-LG-X").exists()
    assert "结对编号不存在或不在您的权限范围内：KS-BJ" in str(result.problems[0])
