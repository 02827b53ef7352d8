"""One year rule for every door: the programme's years (core.years, 1996–2050 by default).

Forms and the API took year 0 and 40000 while imports took 1949–2100; a query for ?year=0 answered
500 on one summary. Now each door refuses a year outside the programme with the same words.
"""

import pytest

from shanhai.core.models import AuditEntry
from shanhai.core.testing import csv_bytes, upload
from shanhai.funds.models import Fund

pytestmark = pytest.mark.django_db

MESSAGE = "年度应为 1996–2050 年之间的四位年份，如 2019。"


def fund_payload(year, **extra):
    return {
        "reference": f"T-YEAR-{year}", "kind": "fiscal_aid", "title": "年度测试", "source_name": "昆山市",
        "source_region": "320583", "recipient_name": "碧江区", "recipient_region": "520602", "year": year,
        "amount": 100_00, **extra,
    }


@pytest.mark.parametrize("year", [0, 1995, 2051, 40000])
def test_the_api_refuses_a_year_outside_the_programme(client_for, year):
    before = (Fund.objects.count(), AuditEntry.objects.count())
    response = client_for("kunshan").post("/api/funds/", fund_payload(year), content_type="application/json")
    assert response.status_code == 400, response.content
    assert MESSAGE in response.json()["year"][0]
    assert (Fund.objects.count(), AuditEntry.objects.count()) == before


def test_the_api_takes_a_year_of_the_programme(client_for):
    response = client_for("kunshan").post("/api/funds/", fund_payload(2021), content_type="application/json")
    assert response.status_code == 201, response.content


def test_a_date_outside_the_programme_is_refused(client_for):
    response = client_for("kunshan").post(
        "/api/funds/", fund_payload(2019, reference="T-DATE", date="1900-01-01"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "1996–2050" in response.json()["date"][0]


def test_the_page_form_refuses_year_zero(client_for):
    client = client_for("kunshan")
    data = {**fund_payload(0), "kind": "fiscal_aid", "amount": "100", "basis": "itemised"}
    response = client.post("/funds/new/", data)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not Fund.objects.filter(reference="T-YEAR-0").exists()


def test_an_import_row_with_year_40000_is_named(client_for):
    header = ["台账编号", "资金类别", "资金名称", "来源方", "来源方区划代码", "使用方", "使用方区划代码", "年度", "金额"]
    data = csv_bytes([header, ["T-IMP-YEAR", "财政援助资金", "测试", "昆山市", "320583", "碧江区", "520602", "40000", "1万元"]])
    response = client_for("kunshan").post("/api/imports/funds/", {"file": upload("f.csv", data)})
    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert (problem["row"], problem["column"], problem["reason"]) == (2, "年度", MESSAGE)


@pytest.mark.parametrize("url", [
    "/api/signing-totals/summary/?year=0", "/api/signing-totals/summary/?year=40000",
    "/api/exchange-totals/?year=19", "/api/ten-haves/?pairing=KS-BJ&year=0",
])
def test_a_query_for_a_year_outside_the_programme_is_a_400_naming_it(client_for, url):
    response = client_for("admin").get(url)
    assert response.status_code == 400, (url, response.status_code, response.content[:300])
    assert response.json()["year"] == [MESSAGE]


def test_a_ledger_list_filtered_by_an_impossible_year_says_so(client_for):
    assert client_for("admin").get("/api/funds/?year=0").status_code == 400
    page = client_for("admin").get("/funds/?year=40000").content.decode()
    assert MESSAGE in page


# ---------------------------------------------------------------- ?pairing= where it does not apply


def test_pairing_filter_in_the_api_follows_the_pairs_subtree(client_for):
    client = client_for("admin")
    listed = {r["reference"] for r in client.get("/api/funds/?pairing=KS-BJ&page_size=500").json()["results"]}
    # The 1.2 亿元 under KS-BJ itself, the towns' funds under KS-BJ-TOWNS, the enterprise pool under KS-BJ-ENTERPRISES.
    assert listed == {"KS-BJ-FUND-ALL", "KS-BJ-FUND-TOWNS", "KS-BJ-FUND-ENT-POOL"}


def test_pairing_filter_on_a_ledger_not_filed_under_pairings_is_refused_not_ignored(client_for):
    client = client_for("admin")
    response = client.get("/api/project-outputs/?pairing=KS-BJ")
    assert response.status_code == 400
    assert response.json()["pairing"] == ["此类台账不按结对登记，不能按结对编号筛选。"]
    page = client.get("/project-outputs/?pairing=KS-BJ").content.decode()
    assert "此类台账不按结对登记，不能按结对编号筛选。" in page
