"""Issue 6 read back end to end on the demo, as the offices would use it: pages, API and downloads.

Expected figures are typed from the seeds (000/001: 昆山 ↔ 碧江, 002: 张家港 ↔ 沿河, 003: 苏州 ↔ 铜仁),
never read from the code under test.
"""

import io
import re
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from shanhai.funds.models import FundKind
from shanhai.funds.services import fund_create
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db

DIMENSIONS = ["组织领导", "人才交流", "资金使用", "产业合作", "劳务协作", "携手奔小康"]
TEN_HAVES = ["有协议", "有规划", "有资金", "有项目", "有干部", "有人才", "有互访", "有联席会议", "有措施", "有成效"]


def pk(reference):
    return Pairing.objects.get(reference=reference).pk


def test_kunshan_bijiang_dashboard_shows_the_six_dimensions_with_the_seeds_figures(client_for):
    page = client_for("kunshan").get(f"/reports/dashboard/{pk('KS-BJ')}/?year=2019").content.decode()
    for name in DIMENSIONS:
        assert name in page, name
    assert "13,000 个以上" in page  # seed 000: 每年提供1.3万多个就业岗位
    assert "105 亩" in page  # seed 001: 栽种了105亩蓝莓
    assert "1.06 亿元" in page  # seed 001: sales through Kunshan's showcase points
    assert "700 万元以上" in page  # seed 000: 结对资金700多万元
    assert 'data-chart="' in page and "vendor/echarts/echarts.min.js" in page
    assert "/funds/?pairing=KS-BJ&amp;year=2019" in page  # the records behind a figure, one click away


def test_dashboard_api_gives_the_same_figures(client_for):
    data = client_for("kunshan").get("/api/dashboards/KS-BJ/?year=2019").json()
    text = str(data)
    for name in DIMENSIONS:
        assert name in text
    assert "13,000 个以上" in text and "105 亩" in text


def test_ten_haves_page_shows_each_item_with_its_evidence(client_for):
    page = client_for("bijiang").get(f"/agreements/ten-haves/{pk('KS-BJ')}/2019/").content.decode()
    for item in TEN_HAVES:
        assert item in page, item
    assert "孙道寻" in page  # 有干部: seed 000's seconded cadre, from the talent ledger
    assert "台账自动判定" in page and "人工确认" in page
    assert "碧江区乡村振兴局" in page  # who confirmed 有措施 / 有成效 by hand
    assert "8 / 10" in page


def _api(client, method, url, **data):
    response = getattr(client, method)(url, data=data, content_type="application/json")
    assert response.status_code < 400, (url, response.status_code, response.content[:500])
    return response.json()


def _figure(ret, key):
    return next(f for f in ret["figures"] if f["indicator"] == key)


def test_a_return_submitted_sent_back_fixed_approved_locked_and_rolled_up(client, demo_users):
    def as_user(name):
        client.force_login(demo_users[name])
        return client

    # 昆山 fills in its 2019 yearly return for 昆山 ↔ 碧江: prefilled from the ledgers
    ret = _api(as_user("kunshan"), "post", "/api/returns/", pairing="KS-BJ", period_kind="yearly", year=2019, period_no=1)
    rid = ret["id"]
    ret = client.get(f"/api/returns/{rid}/").json()
    assert Decimal(_figure(ret, "jobs_offered")["prefilled"]) == 13000  # seed 000
    assert Decimal(_figure(ret, "planting_area")["prefilled"]) == 105  # seed 001
    # the reported-only figure (当年减贫人口) is typed; a ledger figure is not editable
    response = client.post(f"/api/returns/{rid}/figure/", data={"indicator": "jobs_offered", "value": "1"}, content_type="application/json")
    assert response.status_code in (400, 403)
    _api(client, "post", f"/api/returns/{rid}/submit/")

    # 昆山 cannot approve; 苏州 (the city pair's office, the level above) sends it back with a comment
    assert client.post(f"/api/returns/{rid}/approve/", content_type="application/json").status_code == 403
    as_user("suzhou")
    assert client.post(f"/api/returns/{rid}/send-back/", data={"comment": ""}, content_type="application/json").status_code == 400
    _api(client, "post", f"/api/returns/{rid}/send-back/", comment="请填报当年减贫人口")
    assert client.get(f"/api/returns/{rid}/").json()["state"] == "returned"

    # 碧江 (the helped side of the pair) fixes it and submits again; 苏州 approves
    as_user("bijiang")
    _api(client, "post", f"/api/returns/{rid}/figure/", indicator="persons_exited", value="1000", note="测试填报")
    _api(client, "post", f"/api/returns/{rid}/submit/")
    as_user("suzhou")
    ret = _api(client, "post", f"/api/returns/{rid}/approve/")
    ret = client.get(f"/api/returns/{rid}/").json()
    assert ret["state"] == "approved"
    assert Decimal(_figure(ret, "persons_exited")["approved"]) == 1000
    assert [e["action"] for e in ret["events"]][-5:] == ["submit", "return", "edit", "submit", "approve"]

    # locked: a new fund line changes what the records say (the drift), not what was approved
    fund_create(
        actor=demo_users["kunshan"], reference="T-FUND-2019", kind=FundKind.objects.get(code="fiscal_aid"), title="测试资金",
        source_name="昆山市", source_region_id="320583000000", recipient_name="碧江区", recipient_region_id="520602000000",
        pairing=Pairing.objects.get(reference="KS-BJ"), year=2019, amount=500_000_00, basis="itemised",
    )
    ret = client.get(f"/api/returns/{rid}/").json()
    fiscal = _figure(ret, "funds_fiscal")
    assert Decimal(fiscal["approved"]) == 0 and Decimal(fiscal["current"]) == 500000 and Decimal(fiscal["drift"]) == 500000
    as_user("bijiang")
    response = client.post(f"/api/returns/{rid}/figure/", data={"indicator": "persons_exited", "value": "2"}, content_type="application/json")
    assert response.status_code in (400, 403)

    # rolls up: 苏州 ↔ 铜仁's 2019 yearly roll-up carries 昆山 ↔ 碧江's approved figures
    as_user("jiangsu")
    rollup = client.get("/api/return-rollups/?pairing=SZ-TR&period_kind=yearly&year=2019&period_no=1").json()
    child = next(c for c in rollup["children"] if c["pairing"] == "KS-BJ")
    assert child["state"] == "approved" and Decimal(child["values"]["persons_exited"]) == 1000
    total = next(t for t in rollup["totals"] if t["key"] == "jobs_offered")
    assert Decimal(total["total"]) == sum(
        Decimal(c["values"]["jobs_offered"]) for c in rollup["children"] if c["values"].get("jobs_offered") is not None
    )


def test_scorecard_ranks_the_county_pairs_and_exports_to_excel(client_for):
    client = client_for("jiangsu")
    url = f"/reports/scorecard/{pk('SZ-TR')}/?year=2019"
    page = client.get(url).content.decode()
    for ref in ("KS-BJ", "ZJG-YH", "WJ-YJ"):
        assert ref in page
    response = client.get(url + "&export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("考核评分表" in c for c in cells)
    header = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    total_col, rank_col = header.index("总分"), header.index("排名")
    pairs = {str(r[0].value): [c.value for c in r] for r in sheet.iter_rows(min_row=5) if isinstance(r[rank_col].value, int)}
    ks_bj = next(name for name in pairs if name.startswith("昆山市"))
    # the only county pair with 2019 records ranks first, and the ranks follow the totals
    assert pairs[ks_bj][rank_col] == 1
    by_total = sorted(pairs.values(), key=lambda r: -r[total_col])
    assert [r[rank_col] for r in by_total] == sorted(r[rank_col] for r in by_total)
    assert 13000 in pairs[ks_bj]  # jobs offered, seed 000
    assert 4 in pairs[ks_bj] and 400 in pairs[ks_bj]  # four visits east to west against a target of one


NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|万个|个|名|户|所|家|亩|%)")


def test_briefing_downloads_as_word_and_markdown_with_the_seeds_figures(client_for):
    client = client_for("kunshan")
    docx = client.get(f"/reports/briefing/{pk('KS-BJ')}.docx?year=2019")
    md = client.get(f"/reports/briefing/{pk('KS-BJ')}.md?year=2019")
    assert docx.status_code == md.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    markdown = md.content.decode("utf-8")
    # the masthead (name, 第X期, issuing office and date), then the title
    assert text.startswith("东西部协作工作简报\n第1期\n昆山市") and markdown.startswith("东西部协作工作简报")
    assert "\n昆山市—碧江区东西部扶贫协作工作简报（2019年）\n" in text and "\n# 昆山市—碧江区东西部扶贫协作工作简报（2019年）\n" in markdown
    for figure in ("1.2亿元", "57个", "1.3万个", "1024名", "788户", "8个", "100%", "105亩", "55所", "15家", "1.06亿元"):
        assert figure in text.replace(" ", ""), figure
        assert figure in markdown.replace(" ", "").replace("**", ""), figure
    # the two downloads hold the same figures
    assert sorted(NUMBER.findall(text.replace(" ", ""))) == sorted(NUMBER.findall(markdown.replace(" ", "").replace("**", "")))
    # out of scope: 张家港 may not read 昆山 ↔ 碧江's briefing
    assert client_for("zhangjiagang").get(f"/reports/briefing/{pk('KS-BJ')}.docx?year=2019").status_code == 404


def test_reconciliation_shows_the_seeds_disagreements(client_for):
    rows = client_for("kunshan").get("/api/reconciliation/?pairing=KS-BJ&year=2019").json()
    by_key = {}
    for row in rows:
        by_key.setdefault(row["indicator"], []).append(row)
    # seed 000 says 100 亩 of blueberries, seed 001 says 105
    blueberries = by_key["planting_area"][0]
    assert Decimal(blueberries["difference"]) == 5 and blueberries["status"] == "mismatch"
    # seed 001's 1.2亿元 "of all kinds" since 2017 against the records up to 2019: the 1.2亿元 total,
    # which may contain seed 000's 700多万元 of town funds (taken once, listed under 合计可能已含)
    funds = next(r for r in by_key["funds_all"] if r["source"] == "reported")
    assert Decimal(funds["difference"]) == 0 and funds["status"] == "match"
    assert funds["stated"]["label"] == "报告数（2017—2019累计）" and funds["counted"]["label"] == "台账（累计至2019年）"
    # "over 700 万元" of town-pair funds against the towns' itemised gifts: 张浦镇 60万 + 周市镇 60万 (seed 001)
    towns = by_key["town_pair_money"][0]
    assert Decimal(towns["stated"]["value"]) == Decimal("7000000") and Decimal(towns["counted"]["value"]) == Decimal("1200000")
