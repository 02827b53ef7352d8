"""Pairing pages with the seeds' figures: lists, the pairing page, coverage, the network, the forms."""

import io
import json
import re

import pytest
from openpyxl import load_workbook

from shanhai.core.models import AuditEntry
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing, PairingParty

pytestmark = pytest.mark.django_db

YANHE_REFERENCES = ["ZJG-YH", "ZJG-YH-DEEP", "ZJG-YH-CHAMBERS", "ZJG-YH-CHAMBER-HT"]


def pk(reference):
    return Pairing.objects.get(reference=reference).pk


def row_of(page, text):
    for row in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S):
        if text in row:
            return row
    raise AssertionError(f"no row with {text}")


def cells(row):
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def state():
    return (
        list(Pairing.objects.order_by("pk").values_list()),
        list(PairingParty.objects.order_by("pk").values_list()),
        AuditEntry.objects.count(),
    )


def chart_option(page, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


# ---------------------------------------------------------------- coverage page


def test_bijiang_deep_poverty_villages_fully_paired_on_the_coverage_page(client_for):
    page = client_for("bijiang").get("/coverage/520602/?year=2020").content.decode()
    row = cells(row_of(page, 'data-target="deep_poverty_villages"'))
    # Seed 000: 8 strong villages ↔ 8 deep-poverty villages, 100 %; 七桥村 ↔ 高坝田村 named, 7 counted.
    assert row[0] == "深度贫困村"
    assert row[1] == "8" and "报告数" in row[2] and "2019" in row[2]
    assert row[3] == "8" and row[4] == "逐一 1 + 汇总 7"
    assert row[5] == "100.0%"
    assert "已结对 8 = 逐一登记 1 + 汇总记录 7" in row[6]


def test_bijiang_coverage_defaults_to_this_year_and_keeps_the_reported_basis(client_for):
    page = client_for("bijiang").get("/coverage/520602/").content.decode()
    assert "100.0%" in row_of(page, 'data-target="deep_poverty_villages"')
    assert 'selected>20' in page  # the year selector shows the year in force


def test_towns_two_way_basis_and_the_unpaired_covered_by_aggregate_records(client_for):
    page = client_for("bijiang").get("/coverage/520602/?year=2020").content.decode()
    row = cells(row_of(page, 'data-target="towns_and_streets"'))
    # Seed 001: 9 towns + 4 streets of Bijiang, all paired: 13, of which 4 named pairs.
    assert row[1] == "13" and row[3] == "13" and row[4] == "逐一 4 + 汇总 9" and row[5] == "100.0%"
    assert "以下对象未逐一登记结对，由汇总记录覆盖" in page
    assert "云场坪镇" in page  # a town without a named pair, covered by the counted remainder


def test_coverage_chart_is_data_from_the_selector(client_for):
    page = client_for("bijiang").get("/coverage/520602/?year=2020").content.decode()
    option = chart_option(page, "coverage-chart")
    names = option["xAxis"]["data"]
    shares = [d["value"] for d in option["series"][0]["data"]]
    assert shares[names.index("深度贫困村")] == 100.0
    assert "vendor/echarts/echarts.min.js" in page


def test_yanhe_coverage_for_the_national_office(client_for):
    client = client_for("admin")
    # Seed 002: 50 deep-poverty villages all paired (40 exited + 10 not) …
    page = client.get("/coverage/520627/?year=2019").content.decode()
    row = cells(row_of(page, 'data-target="deep_poverty_villages"'))
    assert row[1] == "50" and row[3] == "50" and row[5] == "100.0%"
    # … but of the 22 unexited poor villages only the 10 deep ones until the chambers signed in April 2020,
    row = cells(row_of(page, 'data-target="unexited_poor_villages"'))
    assert row[1] == "22" and row[3] == "10" and row[5] == "45.5%"
    # which covered the other 12: all 22 (100 %).
    page = client.get("/coverage/520627/?year=2020").content.decode()
    row = cells(row_of(page, 'data-target="unexited_poor_villages"'))
    assert row[1] == "22" and row[3] == "22" and row[5] == "100.0%"


def test_yanhe_coverage_is_404_for_bijiang(client_for):
    assert client_for("bijiang").get("/coverage/520627/").status_code == 404


def test_coverage_index_lists_the_poor_counties_in_scope(client_for):
    page = client_for("bijiang").get("/coverage/").content.decode()
    assert 'href="/coverage/520602/"' in page and "/coverage/520627/" not in page
    assert 'href="/coverage/520627/"' in client_for("admin").get("/coverage/").content.decode()


# ---------------------------------------------------------------- the pairing page


def test_village_pairs_page_shows_the_named_pair_and_one_plus_seven(client_for):
    page = client_for("bijiang").get(f"/pairings/{pk('KS-BJ-VILLAGES')}/").content.decode()
    subtree = page[page.index('id="subtree"'):page.index('id="rollup"')]
    assert "七桥村" in subtree and "高坝田村" in subtree
    rollup = page[page.index('id="rollup"'):]
    row = cells(row_of(rollup, "村村结对"))
    assert row[1] == "2"  # the counted pair and the named one under it
    assert row[3].startswith("1 + 7") and row[3].endswith("8")
    assert row[4].startswith("1 + 7") and row[4].endswith("8")
    assert "多对多" in page and "汇总" in page


def test_county_pair_page_parties_subtree_rollups_and_two_way_coverage(client_for):
    page = client_for("bijiang").get(f"/pairings/{pk('KS-BJ')}/?year=2020").content.decode()
    assert "昆山市" in page and "碧江区" in page and "一对一" in page
    # Seven kinds under the county pair (seeds 000/001), nested: the town pairs under the towns' row.
    for name in ["张浦镇 ↔ 坝黄镇", "周市镇 ↔ 瓦屋乡", "七桥村 ↔ 高坝田村", "昆山1024名党员—碧江788户贫困户"]:
        assert name in page
    family = cells(row_of(page, "<td>家庭结对</td>"))
    assert family[3].startswith("0 + 1024") and family[4].startswith("0 + 788")
    assert "双向结对全覆盖" in page
    assert "100.0%" in row_of(page, "帮扶方</td>\n        <td class=\"nowrap\">昆山市")
    # and the helped county's coverage, as on its own page
    assert "100.0%" in row_of(page, 'data-target="deep_poverty_villages"')


def test_kunshan_reads_bijiangs_coverage_on_their_pair_and_the_county_page(client_for):
    # Both sides read the whole pair (ADR 010): the pair's page links Bijiang's coverage, and it opens.
    client = client_for("kunshan")
    page = client.get(f"/pairings/{pk('KS-BJ')}/?year=2020").content.decode()
    assert "100.0%" in row_of(page, 'data-target="deep_poverty_villages"')
    assert "/coverage/520602/" in page
    assert client.get("/coverage/520602/").status_code == 200
    assert client.get("/coverage/520627/").status_code == 404  # Yanhe is not across Kunshan's pairs


def test_parent_outside_scope_is_not_named(client_for):
    page = client_for("bijiang").get(f"/pairings/{pk('KS-BJ')}/").content.decode()
    breadcrumb = page[page.index('class="breadcrumb"'):page.index("<h1>")]
    assert "苏州市—铜仁市对口帮扶" not in breadcrumb and "…" in breadcrumb
    assert "苏州市—铜仁市对口帮扶" in client_for("admin").get(f"/pairings/{pk('KS-BJ')}/").content.decode()


def test_yanhe_pairings_are_404_for_bijiang_and_absent_from_its_list(client_for):
    client = client_for("bijiang")
    for reference in YANHE_REFERENCES:
        assert client.get(f"/pairings/{pk(reference)}/").status_code == 404
        assert client.get(f"/pairings/{pk(reference)}/edit/").status_code == 404
    page = client.get("/pairings/").content.decode()
    assert "共 21 条" in page
    for reference in YANHE_REFERENCES + ["SZ-TR", "JS-GZ"]:
        assert f">{reference}<" not in page
    assert ">KS-BJ-VILLAGES<" in page


def test_bijiang_posting_an_edit_to_a_yanhe_pairing_changes_nothing(client_for):
    client = client_for("bijiang")
    before = state()
    response = client.post(f"/pairings/{pk('ZJG-YH-DEEP')}/edit/", {
        "reference": "ZJG-YH-DEEP", "kind": "poor_village", "name": "改掉", "status": "ended",
        "parties-TOTAL_FORMS": "2", "parties-INITIAL_FORMS": "0",
        "parties-0-role": "helper", "parties-0-party_type": "region", "parties-0-region": "520602", "parties-0-count": "1",
        "parties-1-role": "helped", "parties-1-party_type": "region", "parties-1-region": "520627", "parties-1-count": "1",
    })
    assert response.status_code == 404
    assert state() == before


# ---------------------------------------------------------------- lists and exports


def test_list_counts_itemised_and_aggregate_apart(client_for):
    page = client_for("bijiang").get("/pairings/").content.decode()
    hospitals = cells(row_of(page, ">KS-BJ-HOSPITALS<"))
    assert hospitals[3] == "一对多" and hospitals[4] == "1 逐一" and hospitals[5] == "1 逐一 + 15 汇总"
    family = cells(row_of(page, ">KS-BJ-FAMILY<"))
    assert family[4] == "1024 汇总" and family[5] == "788 汇总"
    # Seeds 000/001: 8 villages + 4 offices + the resort ↔ 9 towns + 4 streets; the town row counts
    # its own remainder with the named pairs nested under it (张浦—坝黄, 周市—瓦屋, the one-to-two).
    towns = cells(row_of(page, ">KS-BJ-TOWNS<"))
    assert towns[4] == "2 逐一 + 7 汇总" and towns[5] == "4 逐一 + 5 汇总"
    villages = cells(row_of(page, ">KS-BJ-VILLAGES<"))
    assert villages[4] == "1 逐一 + 7 汇总" and villages[5] == "1 逐一 + 7 汇总"
    assert "2017-10-01" in row_of(page, ">KS-BJ<")


def test_list_filters_kind_region_and_search(client_for):
    client = client_for("admin")
    page = client.get("/pairings/?kind=village").content.decode()
    assert "共 2 条" in page and ">KS-BJ-VILLAGE-QQ<" in page
    page = client.get("/pairings/?q=高坝田").content.decode()
    assert {">KS-BJ-VILLAGE-QQ<", ">KS-BJ-ENT-XH<", ">KS-BJ-SOCIAL-3<"} <= set(re.findall(r">KS-BJ[-A-Z0-9]*<", page))
    page = client.get("/pairings/?region=520627107").content.decode()
    assert ">ZJG-YH-CHAMBER-HT<" in page and ">KS-BJ<" not in page
    page = client.get("/pairings/?status=ended").content.decode()
    assert "共 0 条" in page


def test_pairing_list_exports_csv_and_xlsx_with_the_rows(client_for):
    client = client_for("bijiang")
    csv = client.get("/pairings/?export=csv").content.decode("utf-8-sig")
    lines = csv.splitlines()
    assert lines[0].startswith("结对编号,名称,结对类型,形态,帮扶方（含同类下级）,受帮扶方（含同类下级）")
    assert len(lines) == 22
    assert any(line.startswith("KS-BJ-VILLAGES,昆山8个经济强村—碧江8个深度贫困村,村村结对,多对多,1 逐一 + 7 汇总,1 逐一 + 7 汇总")
               for line in lines)
    assert "ZJG-YH" not in csv
    response = client.get("/pairings/?kind=village&export=xlsx")
    assert response["Content-Disposition"].endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["KS-BJ-VILLAGE-QQ", "KS-BJ-VILLAGES"] or sorted(r[0] for r in rows[1:]) == [
        "KS-BJ-VILLAGE-QQ", "KS-BJ-VILLAGES"]
    assert rows[0][0] == "结对编号"


# ---------------------------------------------------------------- network


def test_network_chart_is_the_selectors_nodes_and_links(client_for):
    page = client_for("bijiang").get(f"/pairings/network/?root={pk('KS-BJ-VILLAGES')}").content.decode()
    option = chart_option(page, "network-chart")
    graph = option["series"][0]
    names = {n["name"] for n in graph["data"]}
    assert {"七桥村", "高坝田村"} <= names
    assert len(graph["links"]) == 2
    assert "七桥村" in page and "↔" in page


def test_network_for_bijiang_holds_no_yanhe_party(client_for):
    page = client_for("bijiang").get("/pairings/network/").content.decode()
    names = {n["name"] for n in chart_option(page, "network-chart")["series"][0]["data"]}
    assert "碧江区" in names and not any("沿河" in n for n in names)
    assert client_for("bijiang").get(f"/pairings/network/?root={pk('ZJG-YH')}").status_code == 404


# ---------------------------------------------------------------- forms


def party(i, role, party_type, region="", organisation="", count="1", member_kind="", exited="unknown", label=""):
    p = f"parties-{i}-"
    return {p + "role": role, p + "party_type": party_type, p + "region": region, p + "organisation": organisation,
            p + "count": count, p + "member_kind": member_kind, p + "exited": exited, p + "label": label}


def pairing_post(parties, **fields):
    data = {"reference": "", "kind": "", "parent": "", "name": "", "start_date": "", "end_date": "",
            "status": "active", "agreement": "", "source": "", "note": ""}
    data.update(fields)
    data["parties-TOTAL_FORMS"] = str(len(parties))
    data["parties-INITIAL_FORMS"] = "0"
    for p in parties:
        data.update(p)
    return data


def test_edit_form_shows_the_parties(client_for):
    page = client_for("bijiang").get(f"/pairings/{pk('KS-BJ-VILLAGES')}/edit/").content.decode()
    assert 'value="KS-BJ-VILLAGES"' in page
    assert 'value="320583"' in page and 'value="520602"' in page and 'value="7"' in page


def test_another_party_row_comes_with_the_new_row_count(client_for):
    page = client_for("bijiang").get("/pairings/party-row/?parties-TOTAL_FORMS=5").content.decode()
    assert 'name="parties-5-role"' in page and 'name="parties-5-DELETE"' in page and "__prefix__" not in page
    assert 'id="id_parties-TOTAL_FORMS"' in page and 'value="6"' in page and 'hx-swap-oob="true"' in page


def test_bijiang_creates_a_village_enterprise_pair_through_the_form(client_for):
    client = client_for("bijiang")
    response = client.post("/pairings/new/", pairing_post(
        [party(0, "helper", "organisation", organisation="昆山亚香香料有限公司"),
         party(1, "helped", "region", region="520602101202")],
        reference="KS-BJ-ENT-YX", kind="enterprise_village", parent="KS-BJ", start_date="2019-05-01",
        source="种子报告 000",
    ))
    created = Pairing.objects.get(reference="KS-BJ-ENT-YX")
    assert response.status_code == 302 and response["Location"] == f"/pairings/{created.pk}/"
    assert created.shape == "一对一" and created.parent.reference == "KS-BJ"
    assert [p.describe() for p in created.party_list()] == ["坪茶村", "亚香香料"]
    entry = AuditEntry.objects.get(object_id=str(created.pk), content_type__model="pairing")
    assert entry.actor.username == "bijiang" and entry.source == "ui" and entry.action == "create"
    page = client.get(f"/pairings/{created.pk}/").content.decode()
    assert "亚香香料" in page and "坪茶村" in page and "新增" in page


def test_a_counted_group_from_the_form(client_for):
    client = client_for("bijiang")
    client.post("/pairings/new/", pairing_post(
        [party(0, "helper", "group", region="320583", count="3", member_kind="strong_village"),
         party(1, "helped", "group", region="520602", count="3", member_kind="poor_village", exited="false")],
        reference="KS-BJ-VILLAGES-2", kind="village",
    ))
    created = Pairing.objects.get(reference="KS-BJ-VILLAGES-2")
    assert created.shape == "多对多" and created.is_aggregate
    assert "碧江区3个贫困村（未出列）" in [p.describe() for p in created.party_list()]


def test_a_pairing_without_a_helped_party_is_a_form_error_and_writes_nothing(client_for):
    client = client_for("bijiang")
    before = state()
    response = client.post("/pairings/new/", pairing_post(
        [party(0, "helper", "region", region="320583")], reference="KS-BJ-X", kind="county",
    ))
    assert response.status_code == 200
    assert "至少有一个帮扶方和一个受帮扶方" in response.content.decode()
    assert state() == before


def test_unknown_organisation_is_named_on_its_row(client_for):
    page = client_for("bijiang").post("/pairings/new/", pairing_post(
        [party(0, "helper", "organisation", organisation="不存在的公司"), party(1, "helped", "region", region="520602")],
        reference="KS-BJ-Y", kind="enterprise_village",
    )).content.decode()
    assert "找不到单位：不存在的公司" in page


def test_bijiang_edits_a_pair_of_its_own(client_for):
    client = client_for("bijiang")
    pairing = Pairing.objects.get(reference="KS-BJ-VILLAGE-QQ")
    response = client.post(f"/pairings/{pairing.pk}/edit/", pairing_post(
        [party(0, "helper", "region", region="320583106204"), party(1, "helped", "region", region="520602101208")],
        reference="KS-BJ-VILLAGE-QQ", kind="village", parent="KS-BJ-VILLAGES",
        agreement="村村结对协议（2019）", source="种子报告 001",
    ))
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.agreement == "村村结对协议（2019）"
    assert [p.describe() for p in pairing.party_list()] == ["高坝田村", "七桥村"]
    page = client.get(f"/pairings/{pairing.pk}/").content.decode()
    assert "村村结对协议（2019）" in page and "修改" in page


def test_moving_a_pair_out_of_scope_is_403_and_writes_nothing(client_for):
    client = client_for("bijiang")
    pairing = Pairing.objects.get(reference="KS-BJ-VILLAGE-QQ")
    before = state()
    response = client.post(f"/pairings/{pairing.pk}/edit/", pairing_post(
        [party(0, "helper", "region", region="320583106204"), party(1, "helped", "region", region="520627107211")],
        reference="KS-BJ-VILLAGE-QQ", kind="village",
    ))
    assert response.status_code == 403
    assert state() == before


def test_auditor_reads_the_pair_but_gets_403_on_its_form(client_for):
    client = client_for("auditor")
    assert client.get(f"/pairings/{pk('ZJG-YH-DEEP')}/").status_code == 200
    assert client.get(f"/pairings/{pk('ZJG-YH-DEEP')}/edit/").status_code == 403
    assert client.get("/pairings/new/").status_code == 403  # a read-only role has no form to fill


def test_parent_is_typed_by_its_reference_on_the_form(client_for):
    page = client_for("bijiang").get(f"/pairings/{pk('KS-BJ-VILLAGE-QQ')}/edit/").content.decode()
    parent = re.search(r'<input[^>]*name="parent"[^>]*>', page).group(0)
    assert 'value="KS-BJ-VILLAGES"' in parent and 'hx-get="/pairings/suggest/"' in parent
    assert 'list="id_parent-suggestions"' in parent and '<datalist id="id_parent-suggestions">' in page
    region = re.search(r'<input[^>]*name="parties-0-region"[^>]*>', page).group(0)
    assert 'hx-get="/regions/suggest/"' in region and 'list="id_parties-0-region-suggestions"' in region
    assert "<select name=\"parent\"" not in page  # no list of every pairing in the country


def test_an_added_party_row_suggests_for_its_own_inputs(client_for):
    page = client_for("bijiang").get("/pairings/party-row/?parties-TOTAL_FORMS=4").content.decode()
    assert 'list="id_parties-4-region-suggestions"' in page and '<datalist id="id_parties-4-region-suggestions">' in page
    assert 'hx-get="/orgs/suggest/"' in page and 'hx-target="#id_parties-4-organisation-suggestions"' in page


@pytest.mark.parametrize("reference", ["NO-SUCH-PAIR", "ZJG-YH"])
def test_an_unknown_or_invisible_parent_is_a_form_error_and_writes_nothing(client_for, reference):
    client = client_for("bijiang")
    before = state()
    response = client.post("/pairings/new/", pairing_post(
        [party(0, "helper", "region", region="320583106204"), party(1, "helped", "region", region="520602101202")],
        reference="KS-BJ-VILLAGE-PC", kind="village", parent=reference,
    ))
    assert response.status_code == 200
    # ZJG-YH exists, but Bijiang is told no more than about a reference nobody used.
    assert f"找不到上级结对：{reference}（编号不存在或不在您的权限范围内）" in response.content.decode()
    assert state() == before


def test_a_parent_cannot_be_the_pair_itself_or_below_it(client_for):
    client = client_for("bijiang")
    before = state()
    page = client.post(f"/pairings/{pk('KS-BJ-VILLAGE-QQ')}/edit/", pairing_post(
        [party(0, "helper", "region", region="320583106204"), party(1, "helped", "region", region="520602101208")],
        reference="KS-BJ-VILLAGE-QQ", kind="village", parent="KS-BJ-VILLAGE-QQ",
    )).content.decode()
    assert "上级结对不能是自身或其下级" in page
    page = client.post(f"/pairings/{pk('KS-BJ-VILLAGES')}/edit/", pairing_post(
        [party(0, "helper", "group", region="320583", count="7", member_kind="strong_village"),
         party(1, "helped", "group", region="520602", count="7", member_kind="deep_poverty_village")],
        reference="KS-BJ-VILLAGES", kind="village", parent="KS-BJ-VILLAGE-QQ",
    )).content.decode()
    assert "上级结对不能是自身或其下级" in page
    assert state() == before


def test_a_parent_bijiang_cannot_see_is_neither_named_nor_dropped(client_for):
    client = client_for("bijiang")
    county_pair = Pairing.objects.get(reference="KS-BJ")
    page = client.get(f"/pairings/{county_pair.pk}/edit/").content.decode()
    assert "SZ-TR" not in page and "现有上级结对不在您的权限范围内；留空则保持不变" in page
    response = client.post(f"/pairings/{county_pair.pk}/edit/", pairing_post(
        [party(0, "helper", "region", region="320583"), party(1, "helped", "region", region="520602")],
        reference="KS-BJ", kind="county", start_date="2017-10-01", agreement="东西部扶贫协作协议",
    ))
    assert response.status_code == 302
    county_pair.refresh_from_db()
    assert county_pair.agreement == "东西部扶贫协作协议" and county_pair.parent.reference == "SZ-TR"


# ---------------------------------------------------------------- suggestions (HTMX)


def suggested(client, url):
    return re.findall(r'<option value="([^"]*)">', client.get(url).content.decode())


def test_parent_suggestions_hold_only_visible_pairings(client_for):
    bijiang = client_for("bijiang")
    assert suggested(bijiang, "/pairings/suggest/?parent=KS-BJ-V") == ["KS-BJ-VILLAGE-QQ", "KS-BJ-VILLAGES"]
    assert suggested(bijiang, "/pairings/suggest/?parent=ZJG") == []
    assert suggested(bijiang, "/pairings/suggest/?parent=") == []
    # by name: Zhangjiagang's 50 deep-poverty villages in Yanhe stay out of Bijiang's list
    assert suggested(bijiang, "/pairings/suggest/?q=深度贫困村") == ["KS-BJ-VILLAGES"]
    page = bijiang.get("/pairings/suggest/?parent=KS-BJ-VILLAGE-").content.decode()
    assert page == '<option value="KS-BJ-VILLAGE-QQ">KS-BJ-VILLAGE-QQ · 七桥村 ↔ 高坝田村</option>\n'
    admin = client_for("admin")  # the same test client, now logged in as the national office
    assert suggested(admin, "/pairings/suggest/?q=深度贫困村") == ["KS-BJ-VILLAGES", "ZJG-YH-DEEP"]
    assert suggested(admin, "/pairings/suggest/?parent=zjg")[0] == "ZJG-YH"


def test_region_suggestions_hold_only_regions_bijiang_may_see(client_for):
    bijiang = client_for("bijiang")
    assert not any(code.startswith("520627") for code in suggested(bijiang, "/regions/suggest/?q=高山"))
    assert suggested(bijiang, "/regions/suggest/?q=520627") == []
    assert suggested(bijiang, "/regions/suggest/?parties-1-region=高坝田") == ["520602101208"]
    # by code: the town first, then its villages, twenty at most
    codes = suggested(bijiang, "/regions/suggest/?parties-1-region=520602101")
    assert codes[0] == "520602101" and all(c.startswith("520602101") for c in codes) and 1 < len(codes) <= 20
    assert "520627107211" in suggested(client_for("admin"), "/regions/suggest/?q=高山")


def test_suggestions_need_a_login(client):
    for url in ["/pairings/suggest/?q=KS", "/regions/suggest/?q=碧江", "/orgs/suggest/?q=碧江"]:
        assert client.get(url).status_code == 302


# ---------------------------------------------------------------- delete


def create_enterprise_pair(client, organisation, reference):
    """``organisation`` ↔ 坪茶村, a pair made for the test, so that no record of the demo world refers to it."""
    client.post("/pairings/new/", pairing_post(
        [party(0, "helper", "organisation", organisation=organisation), party(1, "helped", "region", region="520602101202")],
        reference=reference, kind="enterprise_village", parent="KS-BJ",
    ))
    return Pairing.objects.get(reference=reference)


def test_bijiang_deletes_a_village_enterprise_pair_of_its_own(client_for):
    client = client_for("bijiang")
    yaxiang = create_enterprise_pair(client, "昆山亚香香料有限公司", "KS-BJ-ENT-YX")
    assert f'href="/pairings/{yaxiang.pk}/delete/"' in client.get(f"/pairings/{yaxiang.pk}/").content.decode()
    page = client.get(f"/pairings/{yaxiang.pk}/delete/").content.decode()
    parties = page[page.index('id="delete-parties"'):]
    assert "删除结对：亚香香料 ↔ 坪茶村" in page
    assert "亚香香料" in parties and "坪茶村" in parties and "下级结对" not in page

    response = client.post(f"/pairings/{yaxiang.pk}/delete/", follow=True)
    assert response.redirect_chain == [("/pairings/", 302)]
    assert "已删除：亚香香料 ↔ 坪茶村" in response.content.decode()
    assert not Pairing.objects.filter(pk=yaxiang.pk).exists()
    assert not PairingParty.objects.filter(pairing_id=yaxiang.pk).exists()
    entry = AuditEntry.objects.get(object_id=str(yaxiang.pk), content_type__model="pairing", action="delete")
    assert entry.actor.username == "bijiang" and entry.source == "ui"
    assert entry.before["reference"] == "KS-BJ-ENT-YX" and set(entry.before["parties"]) == {"亚香香料", "坪茶村"}


def test_an_organisation_can_be_deleted_once_its_pair_is(client_for):
    client = client_for("kunshan")
    juice = Organisation.objects.get(name="昆山鲜活果汁有限公司")
    before = state()
    page = client.post(f"/orgs/{juice.pk}/delete/").content.decode()
    assert "鲜活果汁 仍是结对方（KS-BJ-ENT-XH）" in page
    assert state() == before
    client.post("/orgs/new/", {"name": "昆山某食品有限公司", "kind": "private_enterprise", "region": "320583"})
    food = Organisation.objects.get(name="昆山某食品有限公司")
    pair = create_enterprise_pair(client, "昆山某食品有限公司", "KS-BJ-ENT-SP")
    assert "昆山某食品有限公司 仍是结对方（KS-BJ-ENT-SP）" in client.post(f"/orgs/{food.pk}/delete/").content.decode()
    assert client.post(f"/pairings/{pair.pk}/delete/").status_code == 302
    assert client.post(f"/orgs/{food.pk}/delete/").status_code == 302
    assert not Organisation.objects.filter(pk=food.pk).exists()


def test_a_pair_a_donation_is_recorded_under_is_kept_and_the_reason_shown(client_for):
    client = client_for("bijiang")
    before = state()
    # Seed 001: the Zhangpu delegation gave 坝黄镇 60 万元 under the towns' pair.
    response = client.post(f"/pairings/{pk('KS-BJ-TOWN-ZP')}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "仍被其他记录引用，不能删除" in page and "未删除任何数据" in page
    assert state() == before


def test_a_pair_with_sub_pairings_is_kept_and_the_reason_shown(client_for):
    client = client_for("bijiang")
    villages = pk("KS-BJ-VILLAGES")
    page = client.get(f"/pairings/{villages}/delete/").content.decode()
    assert "下级结对" in page and "KS-BJ-VILLAGE-QQ" in page
    before = state()
    response = client.post(f"/pairings/{villages}/delete/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "该结对下还有下级结对，请先删除或移走下级结对。" in page and "未删除任何数据" in page
    assert state() == before


def test_deleting_a_yanhe_pairing_is_404_for_bijiang(client_for):
    client = client_for("bijiang")
    before = state()
    for reference in YANHE_REFERENCES:
        assert client.get(f"/pairings/{pk(reference)}/delete/").status_code == 404
        assert client.post(f"/pairings/{pk(reference)}/delete/").status_code == 404
    assert state() == before


def test_auditor_reads_a_pair_but_gets_403_on_its_delete(client_for):
    client = client_for("auditor")
    deep = pk("ZJG-YH-DEEP")
    assert "/delete/" not in client.get(f"/pairings/{deep}/").content.decode()
    before = state()
    assert client.get(f"/pairings/{deep}/delete/").status_code == 403
    response = client.post(f"/pairings/{deep}/delete/")
    assert response.status_code == 403 and "未写入任何数据" in response.content.decode()
    assert state() == before
