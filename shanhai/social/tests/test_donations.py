"""Donations: the seeds' figures through the selector, the generic ledger pages and API."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.models import AuditEntry
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing
from shanhai.social.models import Donation
from shanhai.social.selectors import donations_for, donations_total

pytestmark = pytest.mark.django_db


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def test_town_delegations_gave_60_wan_each(demo_users):
    # Seed 001: 张浦镇 → 坝黄镇 and 周市镇 → 瓦屋乡, 60 万元 each.
    admin = demo_users["admin"]
    assert donations_total(user=admin, pairing=pairing("KS-BJ-TOWN-ZP")).total == 60_0000_00
    towns = donations_total(user=admin, pairing=pairing("KS-BJ-TOWNS"))
    assert (towns.itemised, towns.aggregate, str(towns)) == (120_0000_00, 0, "120 万元")


def test_kunshan_bijiang_donations_keep_the_aggregate_apart(demo_users):
    total = donations_total(user=demo_users["admin"], pairing=pairing("KS-BJ"))
    # itemised: two town gifts of 60 万元 and the 100 万元 for the fire; aggregate: "超过560万元"
    assert (total.itemised, total.aggregate) == (220_0000_00, 560_0000_00)
    assert str(total) == "780 万元以上"
    unvalued = donations_for(user=demo_users["admin"], pairing=pairing("KS-BJ")).filter(amount=None)
    assert sorted(d.items for d in unvalued) == ["农资", "蓝莓树苗1.8万株"]


def test_twelve_chambers_gave_120_wan_to_twelve_villages(demo_users):
    total = donations_total(user=demo_users["admin"], pairing=pairing("ZJG-YH-CHAMBERS"))
    assert (total.itemised, total.aggregate, total.total) == (10_0000_00, 110_0000_00, 120_0000_00)


def test_bijiang_sees_its_donations_and_not_yanhe(demo_users):
    refs = set(donations_for(user=demo_users["bijiang"]).values_list("reference", flat=True))
    assert "KS-BJ-DON-ZP" in refs and not any(r.startswith("ZJG") for r in refs)


def test_donation_pages_list_detail_and_form(client_for):
    client = client_for("kunshan")
    page = client.get("/donations/?q=张浦").content.decode()
    assert "KS-BJ-DON-ZP" in page and "60 万元" in page and "KS-BJ-DON-ZS" not in page
    donation = Donation.objects.get(reference="KS-BJ-DON-SOCIAL")
    detail = client.get(f"/donations/{donation.pk}/").content.decode()
    assert "560 万元" in detail and "汇总（只知总数）" in detail
    response = client.post("/donations/new/", {
        "reference": "KS-BJ-DON-NEW", "donor_name": "千灯镇", "donor_region": "320583108",
        "recipient_name": "云场坪镇", "recipient_region": "520602102", "pairing": "KS-BJ", "year": "2020",
        "form": "cash", "amount": "12.5万元", "basis": "itemised", "qualifier": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Donation.objects.get(reference="KS-BJ-DON-NEW")
    assert created.amount == 12_5000_00 and created.pairing.reference == "KS-BJ"
    assert AuditEntry.objects.filter(object_id=str(created.pk), content_type__model="donation", source="ui").exists()


def test_out_of_scope_form_writes_nothing(client_for):
    client = client_for("bijiang")
    before = Donation.objects.count()
    response = client.post("/donations/new/", {
        "reference": "X-1", "donor_name": "张家港市", "donor_region": "320582", "recipient_name": "沿河县",
        "recipient_region": "520627", "year": "2020", "form": "cash", "amount": "1", "basis": "itemised",
    })
    assert response.status_code == 403 and Donation.objects.count() == before
    yanhe = Donation.objects.get(reference="ZJG-YH-DON-HT")
    assert client.get(f"/donations/{yanhe.pk}/").status_code == 404


def test_donation_api_amounts_in_fen_and_as_written(client_for):
    client = client_for("admin")
    results = client.get("/api/donations/?search=GCH-TR").json()["results"]
    [row] = [r for r in results if r["reference"] == "ZJG-YH-DON-GCH-TR"]
    assert (row["amount"], row["amount_display"]) == (500_0000_00, "500 万元")
    response = client.post("/api/donations/", {
        "reference": "API-1", "donor_name": "江苏省光彩会", "donor_region": "32", "recipient_name": "沿河县",
        "recipient_region": "520627", "year": 2020, "form": "cash", "amount": 3000000, "basis": "itemised",
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Donation.objects.get(reference="API-1").amount == 30000_00


def test_cash_without_amount_is_named_in_the_import(demo_users):
    header = ["台账编号", "捐赠方", "捐赠方区划代码", "受赠方", "受赠方区划代码", "年度", "形式", "金额"]
    before = Donation.objects.count()
    result = import_file(importer_get("donations"), filename="d.csv", actor=demo_users["kunshan"], data=csv_bytes([
        header,
        ["D-1", "千灯镇", "320583108", "云场坪镇", "520602102", "2020", "现金", "5万元"],
        ["D-2", "千灯镇", "320583108", "云场坪镇", "520602102", "2020", "现金", ""],
        ["D-3", "千灯镇", "320583108", "云场坪镇", "520602102", "2020", "现金", "0.001元"],
    ]))
    reasons = {(p.row, p.column): p.reason for p in result.problems}
    assert reasons[(3, "金额")] == "现金捐赠须填金额；来源未载金额的，标为“金额不详”。"
    assert "精确到分" in reasons[(4, "金额")]
    assert Donation.objects.count() == before
