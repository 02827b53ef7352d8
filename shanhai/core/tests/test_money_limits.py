"""Amounts that cannot hurt: no text costs more than a few digits' work, and no door stores an
amount that is negative or past 10 万亿元 (9,223,372,036,854,775,807 fen once broke every sum)."""

import time

import pytest
from django.core.exceptions import ValidationError

from shanhai.consumption.models import DistributionContract
from shanhai.core.money import MAX_FEN, parse_money
from shanhai.funds.models import Fund
from shanhai.pairings.models import Pairing

INT64_MAX = 9_223_372_036_854_775_807


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Infinity", "不是有效金额"), ("-Infinity", "不是有效金额"), ("inf", "不是有效金额"), ("NaN", "不是有效金额"),
        ("sNaN", "不是有效金额"), ("1e10000000", "不接受科学计数法"), ("1E5万元", "不接受科学计数法"),
        ("9" * 100, "金额过长"), ("1" + "0" * 13 + ".01", "金额过大"), ("1000.01万亿元", "不是有效金额"),
        ("100001亿元", "金额过大"), ("-10000000000001", "金额过大"), ("0x10", "不是有效金额"), ("1 000", "不是有效金额"),
    ],
)
def test_parse_money_refuses_what_is_not_an_amount_at_once(text, reason):
    start = time.perf_counter()
    with pytest.raises(ValueError, match=reason):
        parse_money(text)
    assert time.perf_counter() - start < 0.01


def test_parse_money_takes_the_largest_amount_and_office_spellings():
    assert parse_money("10000000000000") == MAX_FEN  # 10 万亿元 exactly
    assert parse_money("100000亿元") == MAX_FEN
    assert parse_money("1,234.5") == 123_450 and parse_money(".5") == 50 and parse_money("+3万元") == 3_000_000
    assert parse_money("１２３") == 12_300  # full-width digits, as a Chinese input method types them


def test_every_money_field_refuses_negative_and_absurd_amounts_in_full_clean():
    field = DistributionContract._meta.get_field("amount")
    for fen, message in ((-1, "金额不能为负。"), (MAX_FEN + 1, "金额过大：不能超过 10 万亿元。"), (INT64_MAX, "金额过大")):
        with pytest.raises(ValidationError) as caught:
            field.clean(fen, None)
        assert message in caught.value.messages[0]
    assert field.clean(MAX_FEN, None) == MAX_FEN and field.clean(0, None) == 0


@pytest.mark.django_db
def test_the_page_form_refuses_infinity_and_exponents_quickly(client_for):
    client = client_for("kunshan")
    before = Fund.objects.count()
    for amount, reason in (("Infinity", "不是有效金额"), ("1e10000000", "不接受科学计数法"), ("-5万元", "金额不能为负")):
        start = time.perf_counter()
        response = client.post("/funds/new/", {
            "reference": "KS-BJ-FUND-X", "kind": "department_pairing", "title": "昆山市人社局结对资金",
            "source_name": "昆山市人社局", "source_region": "320583", "recipient_name": "碧江区人社局",
            "recipient_region": "520602", "pairing": "KS-BJ-DEPT-HR", "year": "2020", "amount": amount,
            "basis": "itemised", "qualifier": "",
        })
        assert time.perf_counter() - start < 2
        assert response.status_code == 200
        assert reason in response.content.decode()
    assert Fund.objects.count() == before


@pytest.mark.django_db
def test_the_api_refuses_the_int64_maximum_on_a_fund_and_names_the_field(client_for):
    client = client_for("admin")
    payload = {
        "reference": "API-F-HUGE", "kind": "town_pairing", "title": "千灯镇结对资金", "source_name": "千灯镇",
        "source_region": "320583108", "recipient_name": "云场坪镇", "recipient_region": "520602102",
        "pairing": "KS-BJ-TOWNS", "year": 2020, "amount": INT64_MAX, "basis": "itemised",
    }
    response = client.post("/api/funds/", payload, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["amount"] == ["金额过大：不能超过 10 万亿元。"]
    assert not Fund.objects.filter(reference="API-F-HUGE").exists()

    fund = Fund.objects.get(reference="KS-BJ-FUND-ALL")
    response = client.patch(f"/api/funds/{fund.pk}/", {"amount": INT64_MAX}, content_type="application/json")
    assert response.status_code == 400
    assert "amount" in response.json()
    fund.refresh_from_db()
    assert fund.amount == 1_2000_0000_00
    # The pages that sum the ledgers still answer.
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    assert client.get(f"/reports/dashboard/{ks_bj.pk}/?year=2019").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("amount", "message"), [(-100, "金额不能为负。"), (INT64_MAX, "金额过大：不能超过 10 万亿元。")])
def test_a_distribution_contract_refuses_a_negative_or_absurd_amount(client_for, amount, message):
    contract = DistributionContract.objects.get(reference="KS-BJ-DIST-BSRICE")
    before = contract.amount
    response = client_for("admin").patch(
        f"/api/distribution-contracts/{contract.pk}/", {"amount": amount}, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["amount"] == [message]
    contract.refresh_from_db()
    assert contract.amount == before
