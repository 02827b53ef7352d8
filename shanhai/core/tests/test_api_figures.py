"""The API reads and writes what a record says about its figures: each number's qualifier, the span
of years, the total it is part of (by 台账编号), achieved or expected, and its dates' precision."""

import datetime

import pytest

from shanhai.funds.models import Fund

pytestmark = pytest.mark.django_db


def payload(reference, **extra):
    return {
        "reference": reference, "kind": "fiscal_aid", "title": "合计中的一笔", "source_name": "昆山市",
        "source_region": "320583", "recipient_name": "碧江区", "recipient_region": "520602", "year": 2019,
        "amount": 300_0000_00, "basis": "itemised", **extra,
    }


def test_the_figures_fields_are_written_and_read_back(client_for):
    client = client_for("kunshan")
    response = client.post("/api/funds/", payload(
        "API-FIG-1", project_count=300, qualifiers={"project_count": "over"}, year_from=2017, date="2019-03-01",
        precisions={"date": "month"}, stage="expected", part_of="KS-BJ-FUND-ALL",
    ), content_type="application/json")
    assert response.status_code == 201, response.content
    fund = Fund.objects.get(reference="API-FIG-1")
    assert (fund.qualifiers, fund.year_from, fund.year, fund.precisions, fund.stage, fund.part_of.reference, fund.date) == (
        {"project_count": "over"}, 2017, 2019, {"date": "month"}, "expected", "KS-BJ-FUND-ALL", datetime.date(2019, 3, 1)
    )
    body = client.get(f"/api/funds/{fund.pk}/").json()
    assert {k: body[k] for k in ("qualifiers", "year_from", "precisions", "stage", "part_of")} == {
        "qualifiers": {"project_count": "over"}, "year_from": 2017, "precisions": {"date": "month"},
        "stage": "expected", "part_of": "KS-BJ-FUND-ALL",
    }


def test_a_record_without_them_reads_empty(client_for):
    body = client_for("kunshan").get(f"/api/funds/{Fund.objects.get(reference='KS-BJ-FUND-TOWNS').pk}/").json()
    assert (body["year_from"], body["part_of"], body["stage"], body["precisions"]) == (None, None, "achieved", {})


@pytest.mark.parametrize(("field", "value", "words"), [
    ("qualifiers", {"project_count": "lots"}, "未知的字段或限定：project_count=lots"),
    ("qualifiers", {"title": "over"}, "未知的字段或限定：title=over"),
    ("precisions", {"date": "week"}, "未知的日期字段或精度：date=week"),
    ("year_from", 1900, "年度应为 1996–2050"),
    ("part_of", "NO-SUCH-FUND", "NO-SUCH-FUND"),
])
def test_a_bad_figure_field_is_refused_by_name(client_for, field, value, words):
    before = Fund.objects.count()
    response = client_for("kunshan").post("/api/funds/", payload("API-FIG-BAD", **{field: value}), content_type="application/json")
    assert response.status_code == 400, response.content
    assert words in str(response.json()[field])
    assert Fund.objects.count() == before


def test_a_part_of_a_total_beyond_sight_is_refused_as_unknown(client_for):
    response = client_for("zhangjiagang").post("/api/funds/", payload(
        "API-FIG-ZJG", source_name="张家港市", source_region="320582", recipient_name="沿河县", recipient_region="520627",
        part_of="KS-BJ-FUND-ALL",
    ), content_type="application/json")
    assert response.status_code == 400
    assert "KS-BJ-FUND-ALL" in str(response.json()["part_of"]) and "碧江" not in response.content.decode()
