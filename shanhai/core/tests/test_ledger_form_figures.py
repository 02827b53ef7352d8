"""A ledger's form takes what the import takes: a span of years (起始年度, or 2017—2019 in 年度) and a
date known only to the month or the year, whose precision it keeps."""

import datetime

import pytest

from shanhai.funds.models import Fund

pytestmark = pytest.mark.django_db


def fund_post(reference, **extra):
    return {
        "reference": reference, "kind": "department_pairing", "title": "昆山市人社局结对资金",
        "source_name": "昆山市人社局", "source_region": "320583", "recipient_name": "碧江区人社局",
        "recipient_region": "520602", "pairing": "KS-BJ-DEPT-HR", "year": "2020", "amount": "12.5万元",
        "basis": "itemised", "qualifier": "", **extra,
    }


def test_the_form_offers_year_from(client_for):
    page = client_for("kunshan").get("/funds/new/").content.decode()
    assert "起始年度" in page and 'name="year_from"' in page


def test_a_span_typed_in_the_year_makes_year_from(client_for):
    response = client_for("kunshan").post("/funds/new/", fund_post("FORM-SPAN-1", year="2017—2019"))
    assert response.status_code == 302, response.content.decode()[:2000]
    fund = Fund.objects.get(reference="FORM-SPAN-1")
    assert (fund.year_from, fund.year) == (2017, 2019)


def test_year_from_beside_the_year_makes_a_span(client_for):
    response = client_for("kunshan").post("/funds/new/", fund_post("FORM-SPAN-2", year_from="2017", year="2019"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Fund.objects.get(reference="FORM-SPAN-2").years_text == "2017—2019"


def test_an_open_ended_year_is_refused_asking_for_the_end(client_for):
    response = client_for("kunshan").post("/funds/new/", fund_post("FORM-SPAN-3", year="2017年以来"))
    assert response.status_code == 200
    assert "请写起止年度，如 2017—2019" in response.content.decode()
    assert not Fund.objects.filter(reference="FORM-SPAN-3").exists()


def test_a_month_typed_in_a_date_keeps_its_precision_and_comes_back_as_the_month(client_for):
    client = client_for("kunshan")
    response = client.post("/funds/new/", fund_post("FORM-DATE-1", year="2019", date="2019年3月"))
    assert response.status_code == 302, response.content.decode()[:2000]
    fund = Fund.objects.get(reference="FORM-DATE-1")
    assert (fund.date, fund.precisions) == (datetime.date(2019, 3, 1), {"date": "month"})
    edit = client.get(f"/funds/{fund.pk}/edit/").content.decode()
    assert 'value="2019-03"' in edit
    # Saved again with the day now known, the precision goes.
    response = client.post(f"/funds/{fund.pk}/edit/", fund_post("FORM-DATE-1", year="2019", date="2019-03-05"))
    assert response.status_code == 302, response.content.decode()[:2000]
    fund.refresh_from_db()
    assert (fund.date, fund.precisions) == (datetime.date(2019, 3, 5), {})
