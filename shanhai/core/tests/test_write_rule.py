"""The one write rule (ADR 010), probed at every door as an office would.

Each test is a probe that passed on the earlier rule ("a writer must cover any one region of the
record, before and after") and must now be refused, with the database exactly as it was. The
accounts and their scopes are the demo's (shanhai/demo/accounts.py): kunshan writes the east side
of 320583, bijiang the west side of 520602, zhangjiagang the east side of 320582, yanhe both sides
of 思渠镇 520627107. Record facts are the seeds': Kunshan's 1.2 亿元 of all kinds (seed 001), the
towns' 700 万元 (seed 000), the province's 200 万元 for 高山村's road (seed 002), 亨通集团 ↔ 高山村.
"""

import pytest
from django.core.exceptions import PermissionDenied

from shanhai.core.models import AuditEntry
from shanhai.core.testing import csv_bytes, upload
from shanhai.funds.models import Fund
from shanhai.pairings.models import Pairing, PairingParty
from shanhai.social.models import Donation

pytestmark = pytest.mark.django_db

GAOSHAN = "520627107211"  # 沿河县思渠镇高山村: Yanhe's, paired with Zhangjiagang, not with Kunshan
ZHANGJIAGANG = "320582000000"


def fund(reference):
    return Fund.objects.get(reference=reference)


def rows(model):
    return list(model.objects.order_by("pk").values_list())


def state():
    return (rows(Fund), rows(Donation), rows(Pairing), rows(PairingParty), AuditEntry.objects.count())


# ---------------------------------------------------------------- H1: one side rewrites the other


def test_bijiang_cannot_hand_kunshans_fund_to_zhangjiagang(client_for):
    before = state()
    response = client_for("bijiang").patch(
        f"/api/funds/{fund('KS-BJ-FUND-ALL').pk}/", {"source_region": ZHANGJIAGANG}, content_type="application/json"
    )
    assert response.status_code == 403, response.content
    assert state() == before


def test_bijiang_cannot_change_the_amount_kunshan_gave(client_for):
    before = state()
    response = client_for("bijiang").patch(
        f"/api/funds/{fund('KS-BJ-FUND-ALL').pk}/", {"amount": 1}, content_type="application/json"
    )
    assert response.status_code == 403, response.content
    assert fund("KS-BJ-FUND-ALL").amount == 120_000_000_00  # 1.2 亿元 in fen
    assert state() == before


def test_bijiang_cannot_delete_what_kunshan_gave(client_for):
    before = state()
    response = client_for("bijiang").delete(f"/api/funds/{fund('KS-BJ-FUND-TOWNS').pk}/")
    assert response.status_code == 403, response.content
    assert state() == before


def _fund_form(obj, **changes):
    from shanhai.core.ledger import form_initial
    from shanhai.funds.ledgers import FUNDS

    data = {k: ("" if v is None else v) for k, v in form_initial(FUNDS, obj).items()}
    data["kind"] = obj.kind_id
    data["source_region"], data["recipient_region"] = obj.source_region_id, obj.recipient_region_id
    data.update(changes)
    return data


def test_bijiang_cannot_move_the_towns_funds_to_zhangjiagang_through_the_page(client_for):
    towns = fund("KS-BJ-FUND-TOWNS")
    before = state()
    response = client_for("bijiang").post(f"/funds/{towns.pk}/edit/", _fund_form(towns, source_region="320582"))
    assert response.status_code == 403
    assert state() == before


def test_kunshan_still_edits_its_own_fund_through_the_page(client_for):
    towns = fund("KS-BJ-FUND-TOWNS")
    response = client_for("kunshan").post(f"/funds/{towns.pk}/edit/", _fund_form(towns, note="核对：种子报告 000"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert fund("KS-BJ-FUND-TOWNS").note == "核对：种子报告 000"


def test_kunshan_cannot_name_a_yanhe_village_as_the_recipient_of_its_donation(client_for):
    donation = Donation.objects.get(reference="KS-BJ-DON-SOCIAL")
    before = state()
    response = client_for("kunshan").patch(
        f"/api/donations/{donation.pk}/", {"recipient_region": GAOSHAN}, content_type="application/json"
    )
    assert response.status_code == 403, response.content
    assert state() == before


def test_kunshan_may_name_another_bijiang_village_as_the_recipient(client_for):
    donation = Donation.objects.get(reference="KS-BJ-DON-SOCIAL")
    response = client_for("kunshan").patch(
        f"/api/donations/{donation.pk}/", {"recipient_region": "520602101208"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert Donation.objects.get(pk=donation.pk).recipient_region_id == "520602101208"


def _fund_payload(reference, recipient, pairing=""):
    return {
        "reference": reference, "kind": "fiscal_aid", "title": "测试资金", "source_name": "昆山市",
        "source_region": "320583", "recipient_name": "受援方", "recipient_region": recipient, "year": 2019,
        "amount": 100_000_00, **({"pairing": pairing} if pairing else {}),
    }


def test_kunshan_cannot_create_a_fund_inside_yanhe(client_for):
    before = state()
    response = client_for("kunshan").post("/api/funds/", _fund_payload("T-KS-YH", GAOSHAN), content_type="application/json")
    assert response.status_code == 403, response.content
    assert "520627107211" in response.json()["detail"]
    assert state() == before


def test_kunshan_creates_a_fund_for_bijiang(client_for):
    response = client_for("kunshan").post(
        "/api/funds/", _fund_payload("T-KS-BJ", "520602101", "KS-BJ"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert fund("T-KS-BJ").recipient_region_id == "520602101000"


def _pair(reference, helper, helped, parent=None):
    return {
        "reference": reference, "kind": "village", **({"parent": parent} if parent else {}),
        "parties": [
            {"role": "helper", "party_type": "region", "region": helper},
            {"role": "helped", "party_type": "region", "region": helped},
        ],
    }


def test_kunshan_cannot_pair_itself_with_a_yanhe_village(client_for):
    before = state()
    response = client_for("kunshan").post(
        "/api/pairings/", _pair("T-KS-GS", "320583106204", GAOSHAN), content_type="application/json"
    )
    assert response.status_code == 403, response.content
    assert state() == before


def test_yanhe_cannot_replace_the_east_helper_of_its_village_pair(client_for):
    pairing = Pairing.objects.get(reference="ZJG-YH-CHAMBER-HT")  # 亨通集团 ↔ 高山村
    payload = {"parties": [
        {"role": "helper", "party_type": "region", "region": "320509"},  # 吴江区 itself instead of 亨通集团
        {"role": "helped", "party_type": "region", "region": GAOSHAN},
    ]}
    before = state()
    response = client_for("yanhe").patch(f"/api/pairings/{pairing.pk}/", payload, content_type="application/json")
    assert response.status_code == 403, response.content
    assert state() == before


def test_yanhe_still_edits_its_own_side_of_the_village_pair(client_for):
    pairing = Pairing.objects.get(reference="ZJG-YH-CHAMBER-HT")
    response = client_for("yanhe").patch(
        f"/api/pairings/{pairing.pk}/", {"note": "高山村通组路"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content


def test_the_record_as_it_was_must_be_the_writers(client_for):
    # The province's 200 万元 for 高山村 is filed under Zhangjiagang ↔ Yanhe, so Zhangjiagang reads it;
    # it was Jiangsu's to give. Claiming it as Zhangjiagang's own would pass a check of the new state alone.
    gaoshan_road = fund("ZJG-YH-FUND-GSC")
    assert gaoshan_road.source_region_id == "320000000000"
    client = client_for("zhangjiagang")
    assert client.get(f"/api/funds/{gaoshan_road.pk}/").status_code == 200
    before = state()
    response = client.patch(f"/api/funds/{gaoshan_road.pk}/", {"source_region": "320582"}, content_type="application/json")
    assert response.status_code == 403, response.content
    assert state() == before


def test_the_service_refuses_what_the_doors_would_not_reach(demo_users):
    from shanhai.funds.services import fund_update

    # Kunshan cannot see Zhangjiagang's records; a command or a script calling the service still
    # meets the rule, because the rule lives in the service.
    gaoshan_road = fund("ZJG-YH-FUND-GSC")
    with pytest.raises(PermissionDenied):
        fund_update(actor=demo_users["kunshan"], obj=gaoshan_road, source_region_id="320583000000",
                    recipient_region_id="520602000000")
    assert fund("ZJG-YH-FUND-GSC").source_region_id == "320000000000"


# ---------------------------------------------------------------- H2: imports skip the scoped lookups


FUND_HEADER = ["台账编号", "资金类别", "资金名称", "来源方", "来源方区划代码", "使用方", "使用方区划代码", "结对编号", "年度", "金额"]


def _import(client, template, data, name="file.csv"):
    return client.post(f"/api/imports/{template}/", {"file": upload(name, data)})


def test_zhangjiagang_cannot_import_a_fund_under_kunshan_bijiang(client_for):
    from shanhai.assessment.selectors import pairing_results

    ks_bj = Pairing.objects.get(reference="KS-BJ")

    def money_shown():
        results = pairing_results(pairing=ks_bj, year=2019, user=None)
        return {r.indicator.key: (r.actual.value, r.cumulative.value) for r in results}

    shown = money_shown()
    data = csv_bytes([FUND_HEADER, ["T-ZJG-9YI", "财政援助资金", "测试", "张家港市", "320582", "碧江区", "520602", "KS-BJ", "2019", "9亿元"]])
    before = state()
    response = _import(client_for("zhangjiagang"), "funds", data)
    assert response.status_code == 400, response.content
    problem = response.json()["problems"][0]
    assert problem["row"] == 2 and problem["column"] == "结对编号"
    assert "KS-BJ" in problem["reason"] and "权限" in problem["reason"]
    assert state() == before
    assert money_shown() == shown


def test_zhangjiagang_cannot_nest_a_pairing_under_kunshan_bijiang(client_for):
    data = csv_bytes([
        ["结对编号", "上级结对编号", "结对类型", "帮扶方", "受帮扶方"],
        ["T-ZJG-NEST", "KS-BJ", "村村结对", "320582", "520602101208"],
    ])
    before = state()
    response = _import(client_for("zhangjiagang"), "pairings", data)
    assert response.status_code == 400, response.content
    reasons = " ".join(p["reason"] for p in response.json()["problems"])
    assert "KS-BJ" in reasons and "权限" in reasons
    assert state() == before


def test_an_import_naming_a_hidden_record_says_nothing_about_where_it_is(client_for):
    # KS-BJ-FUND-ALL is Kunshan's; Zhangjiagang re-using its 台账编号 learns only that it is taken.
    data = csv_bytes([FUND_HEADER, ["KS-BJ-FUND-ALL", "财政援助资金", "测试", "张家港市", "320582", "沿河县", "520627", "", "2019", "1万元"]])
    before = state()
    response = _import(client_for("zhangjiagang"), "funds", data)
    assert response.status_code == 400, response.content
    text = response.content.decode()
    assert "KS-BJ-FUND-ALL" in text
    for secret in ("320583", "520602", "昆山", "碧江", "12000000000", "1.2"):
        assert secret not in text, secret
    assert state() == before


@pytest.mark.parametrize(
    ("template", "header", "row", "column"),
    [
        # a sub-fund under Kunshan's 昆·碧爱基金
        ("charity-funds", ["台账编号", "基金名称", "上级基金编号", "东部发起方", "东部发起方区划代码", "西部发起方", "西部发起方区划代码"],
         ["T-ZJG-SUB", "测试子基金", "KS-BJ-FUND-KBA", "张家港", "320582", "沿河", "520627"], "上级基金编号"),
        # receipts into Kunshan's fund
        ("charity-receipts", ["台账编号", "基金编号", "年度", "捐赠方", "金额"],
         ["T-ZJG-REC", "KS-BJ-FUND-KBA", "2019", "张家港", "1万元"], "基金编号"),
        # allocating Kunshan's money to a project
        ("fund-allocations", ["资金编号", "项目编号", "安排金额"], ["KS-BJ-FUND-ALL", "KS-BJ-PRJ-BLUEBERRY", "1万元"], "资金编号"),
    ],
)
def test_zhangjiagang_cannot_reach_kunshans_records_through_a_reference_column(client_for, template, header, row, column):
    from shanhai.core.registry import importer_get

    importer = importer_get(template)
    headers = {c.header for c in importer.columns} | {alias for c in importer.columns for alias in c.aliases}
    missing = [h for h in header if h not in headers]
    assert not missing, f"{template} has no column {missing}: {sorted(headers)}"
    before = state()
    response = _import(client_for("zhangjiagang"), template, csv_bytes([header, row]))
    assert response.status_code == 400, response.content
    problems = response.json()["problems"]
    assert any(p["column"] == column and "权限" in p["reason"] for p in problems), problems
    assert state() == before
