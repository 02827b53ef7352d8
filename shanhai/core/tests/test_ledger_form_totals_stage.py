"""A ledger's form takes 所属合计 and 实现情况 as its import does."""

import pytest

from shanhai.funds.models import Fund
from shanhai.funds.selectors import funds_total
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def fund_post(reference, **extra):
    return {
        "reference": reference, "kind": "department_pairing", "title": "昆山市人社局结对资金",
        "source_name": "昆山市人社局", "source_region": "320583", "recipient_name": "碧江区人社局",
        "recipient_region": "520602", "pairing": "KS-BJ-DEPT-HR", "year": "2022", "amount": "100万元",
        "basis": "itemised", "qualifier": "", "stage": "achieved", **extra,
    }


def test_the_form_takes_a_part_of_a_total_and_an_expected_figure(client_for, demo_users):
    client = client_for("kunshan")
    page = client.get("/funds/new/").content.decode()
    assert 'name="part_of"' in page and 'name="stage"' in page and "预期/计划" in page
    assert client.post("/funds/new/", fund_post("FORM-TOTAL", amount="100万元")).status_code == 302
    assert client.post("/funds/new/", fund_post("FORM-PART", amount="60万元", part_of="FORM-TOTAL")).status_code == 302
    assert client.post("/funds/new/", fund_post("FORM-PLAN", amount="500万元", stage="expected")).status_code == 302
    part = Fund.objects.get(reference="FORM-PART")
    assert part.part_of.reference == "FORM-TOTAL" and Fund.objects.get(reference="FORM-PLAN").stage == "expected"
    # 100 万元 once: not + its 60 万元 part, not + the 500 万元 only planned
    total = funds_total(user=demo_users["admin"], pairing=Pairing.objects.get(reference="KS-BJ"), year=2022)
    assert str(total) == "100 万元"
    edit = client.get(f"/funds/{part.pk}/edit/").content.decode()
    assert 'value="FORM-TOTAL"' in edit


def test_a_total_beyond_sight_is_refused_in_the_same_words_as_a_missing_one(client_for):
    response = client_for("zhangjiagang").post("/funds/new/", {
        **fund_post("FORM-ZJG", part_of="KS-BJ-FUND-TOWNS"), "source_region": "320582", "recipient_region": "520627",
        "pairing": "ZJG-YH",
    })
    assert response.status_code == 200 and "不存在或不在您的权限范围内：KS-BJ-FUND-TOWNS" in response.content.decode()
    assert not Fund.objects.filter(reference="FORM-ZJG").exists()
