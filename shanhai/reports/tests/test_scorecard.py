"""Scorecards: Suzhou ↔ Tongren's county pairs ranked under the year's weights, ties sharing a rank, a
record made here changing the order, a single pair's rank, and the Excel workbook read back."""

import io
import re
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from shanhai.assessment.selectors import indicators_for
from shanhai.exchanges.services import joint_meeting_create, visit_create
from shanhai.pairings.models import Pairing
from shanhai.pairings.selectors import main_regions
from shanhai.reports.scorecard import rank_rows

pytestmark = pytest.mark.django_db

COUNTY_PAIRS = ["KS-BJ", "ZJG-YH", "WJ-YJ", "SZ-TR-OTHER"]


def pairing(reference: str) -> Pairing:
    return Pairing.objects.get(reference=reference)


def weight(key: str, year: int) -> Decimal:
    return next(i.weight for i in indicators_for(year=year) if i.key == key)


def ranking(text: str) -> dict[str, tuple[int, Decimal]]:
    """reference → (rank, total) from the ranking table."""
    out = {}
    for ref, body in re.findall(r'<tr data-pairing="([^"]+)">(.*?)</tr>', text, re.S):
        rank = re.search(r'<td class="num rank">(\d+)</td>', body)
        total = re.search(r'<td class="num total"><strong>([\d.]+)</strong>', body)
        if rank and total:
            out[ref] = (int(rank.group(1)), Decimal(total.group(1)))
    return out


def scorecard_page(client, reference: str, year: int) -> str:
    response = client.get(reverse("reports:scorecard", args=[pairing(reference).pk]) + f"?year={year}")
    assert response.status_code == 200
    return response.content.decode()


def test_suzhou_tongren_2020_county_pairs_ranked_ties_sharing(client_for):
    text = scorecard_page(client_for("jiangsu"), "SZ-TR", 2020)
    ranks = ranking(text)
    assert sorted(ranks) == sorted(COUNTY_PAIRS)
    # best total first; a rank is one more than the number of better totals, so a tie shares it
    for ref, (rank, total) in ranks.items():
        assert rank == 1 + sum(1 for _r, t in ranks.values() if t > total), ref
    # the city pair's own roll-up as a summary row, not ranked
    assert 'data-pairing="summary"' in text and "合计：苏州市—铜仁市对口帮扶（含下级结对）" in text


def test_rank_rows_ties_share_a_rank_and_the_next_skips():
    class Row:
        def __init__(self, ref, total):
            self.pairing = Pairing(reference=ref, sort_key=ref, pk=len(ref))
            self.total_score = Decimal(total)
            self.rank = None

    ordered = rank_rows([Row("c", "4"), Row("a", "6"), Row("b", "6"), Row("d", "0")])
    assert [(r.pairing.reference, r.rank) for r in ordered] == [("a", 1), ("b", 1), ("c", 3), ("d", 4)]


def test_seed_figures_score_in_full_under_the_year_weights(client_for):
    text = scorecard_page(client_for("jiangsu"), "SZ-TR", 2020)

    def cell(key, ref):
        row = re.search(rf'<tr data-indicator="{key}">(.*?)</tr>', text, re.S).group(1)
        cells = re.findall(r'<td class="nowrap">(.*?)</td>', row, re.S)
        index = [r for r, _ in re.findall(r'<tr data-pairing="([^"]+)">(.*?)</tr>', text, re.S)
                 if r in COUNTY_PAIRS]
        # detail columns follow the ranking's order
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells[index.index(ref)])).strip()

    # 8 / 8 deep-poverty villages (Kunshan ↔ Bijiang), 50 / 50 (Zhangjiagang ↔ Yanhe): 100 %, full weight
    full = f"{weight('deep_poverty_coverage', 2020).normalize():f}"
    assert "100% / 100%" in cell("deep_poverty_coverage", "KS-BJ") and f"100.0% · {full}" in cell("deep_poverty_coverage", "KS-BJ")
    assert f"100.0% · {full}" in cell("deep_poverty_coverage", "ZJG-YH")
    # seed 002: Yanhe's 22 unexited villages all paired, against the target of 22
    zjg = cell("unexited_villages_paired", "ZJG-YH")
    assert "22 个 / 22 个" in zjg and f"100.0% · {weight('unexited_villages_paired', 2020).normalize():f}" in zjg


def test_records_made_here_lift_wujiang_yinjiang_to_first(client_for, demo_users):
    client = client_for("jiangsu")
    before = ranking(scorecard_page(client, "SZ-TR", 2020))
    assert before["WJ-YJ"][0] > 1
    wj = pairing("WJ-YJ")
    east, west = main_regions(wj)
    admin = demo_users["admin"]
    sides = {"east_party": "吴江区", "east_region": east, "west_party": "印江县", "west_region": west, "pairing": wj}
    joint_meeting_create(actor=admin, reference="TEST-WJ-YJ-JM-2020", name="吴江·印江东西部协作联席会议", year=2020, **sides)
    visit_create(actor=admin, reference="TEST-WJ-YJ-V-E", name="吴江区党政代表团赴印江考察", direction="east_to_west",
                 start_date=date(2020, 6, 2), **sides)
    visit_create(actor=admin, reference="TEST-WJ-YJ-V-W", name="印江县党政代表团赴吴江考察", direction="west_to_east",
                 start_date=date(2020, 7, 8), **sides)
    after = ranking(scorecard_page(client, "SZ-TR", 2020))
    # one meeting and one visit each way, each against its target of one: each weight in full
    gained = sum(weight(k, 2020) for k in ("joint_meetings", "visits_east_to_west", "visits_west_to_east"))
    assert after["WJ-YJ"][1] - before["WJ-YJ"][1] >= gained
    assert after["WJ-YJ"][0] == 1
    for ref in ("KS-BJ", "ZJG-YH", "SZ-TR-OTHER"):
        assert after[ref][1] == before[ref][1]
        # those WJ-YJ passed move down one place
        assert after[ref][0] == before[ref][0] + (1 if before[ref][1] >= before["WJ-YJ"][1] else 0)


def test_ten_haves_column_only_where_the_year_has_the_indicator(client_for):
    text = scorecard_page(client_for("jiangsu"), "SZ-TR", 2020)
    has = any(i.key == "ten_haves" for i in indicators_for(year=2020))
    assert ('<th class="num">十有</th>' in text) == has


def test_kunshan_bijiang_2019_own_scorecard_and_rank(client_for):
    client = client_for("jiangsu")
    text = scorecard_page(client, "KS-BJ", 2019)
    # 2019: visits east→west (4 against 1, capped at full), 13,000 jobs against 13,000, 8 / 8
    # deep-poverty villages, town pairs present — each its full weight, at least.
    floor = sum(weight(k, 2019) for k in ("visits_east_to_west", "jobs_offered", "deep_poverty_coverage", "town_pairs"))
    total = Decimal(re.search(r'<div class="n total-score">([\d.]+)</div>', text).group(1))
    assert total >= floor
    rank = re.search(r'<div class="n rank">(\d+) / (\d+)</div>', text)
    assert rank and rank.group(2) == "4"
    assert "在苏州市—铜仁市对口帮扶的县级结对中排名" in text
    city = ranking(scorecard_page(client, "SZ-TR", 2019))
    assert city["KS-BJ"] == (int(rank.group(1)), total)
    # Kunshan's office cannot see the city pair: no rank, and it says why.
    own = scorecard_page(client_for("kunshan"), "KS-BJ", 2019)
    assert '<div class="n rank">—</div>' in own and "上级结对不在您的权限范围内" in own


def test_scorecard_api_ranks_as_the_page(client_for):
    client = client_for("jiangsu")
    ranks = ranking(scorecard_page(client, "SZ-TR", 2020))
    data = client.get("/api/scorecards/SZ-TR/?year=2020").json()
    assert {r["pairing"]["reference"]: (r["rank"], Decimal(r["total_score"])) for r in data["rows"]} == ranks
    assert data["summary"]["pairing"]["reference"] == "SZ-TR"


def test_excel_scorecard_as_offices_hand_it_in(client_for):
    client = client_for("jiangsu")
    sz = pairing("SZ-TR")
    response = client.get(reverse("reports:scorecard", args=[sz.pk]) + "?year=2019&export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active

    assert ws.cell(1, 1).value == f"2019年度东西部扶贫协作考核评分表（{sz.display_name()}）"
    merged = {str(r) for r in ws.merged_cells.ranges}
    # 组织领导's three indicators, four columns each, under one merged heading
    organising = [i for i in indicators_for(year=2019) if i.dimension.name == "组织领导"]
    assert ws.cell(2, 2).value == "组织领导"
    assert f"B2:{get_column_letter(1 + 4 * len(organising))}2" in merged
    assert [ws.cell(4, c).value for c in range(2, 6)] == ["实际", "目标", "完成率（%）", "得分"]

    columns = {ws.cell(3, c).value.split("（")[0]: c for c in range(2, ws.max_column + 1) if ws.cell(3, c).value}
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    ks = rows[pairing("KS-BJ").display_name()]

    def values(name):
        c = columns[name]
        return [ws.cell(ks, c + i).value for i in range(4)]

    # seed 000: 1.3万多个 jobs against the plan's 13,000 → 100.0 %
    actual, target, completion, score = values("提供就业岗位")
    assert (actual, target, completion) == (13000, 13000, 100)
    assert Decimal(str(score)) == weight("jobs_offered", 2019)
    # 8 / 8 deep-poverty villages
    assert values("深度贫困村结对覆盖率")[:3] == [100, 100, 100]
    # money in 万元: 2019's 700 万元 (the 1.2 亿元 since 2017 is a span, no one year's)
    assert values("各类帮扶资金")[0] == 700
    assert "万元" in ws.cell(3, columns["各类帮扶资金"]).value
    # total and rank at the end; the four county pairs then the city pair's roll-up
    total_col = ws.max_column - 1
    assert ws.cell(2, total_col).value == "总分" and ws.cell(2, total_col + 1).value == "排名"
    page_ranks = ranking(scorecard_page(client, "SZ-TR", 2019))
    assert ws.cell(ks, total_col + 1).value == page_ranks["KS-BJ"][0]
    assert Decimal(str(ws.cell(ks, total_col).value)) == page_ranks["KS-BJ"][1]
    assert sorted(n for n in rows if n and not n.startswith(("合计", "说明"))) == sorted(
        pairing(r).display_name() for r in COUNTY_PAIRS
    )
    assert any(n and n.startswith("合计：") for n in rows)
    note = next(n for n in rows if n and n.startswith("说明"))
    assert "金额单位万元" in note and f"生成日期：{timezone.localdate():%Y-%m-%d}" in note
    assert "逐笔" in note and "汇总" in note


def test_excel_money_is_exact_to_the_fen(client_for, demo_users):
    from shanhai.funds.models import FundKind
    from shanhai.funds.services import fund_create

    ks = pairing("KS-BJ")
    east, west = main_regions(ks)
    # one fen more on top of 2019's 700 万元
    fund_create(
        actor=demo_users["admin"], reference="TEST-KS-BJ-FEN", kind=FundKind.objects.get(code="fiscal_aid"),
        title="一分钱", source_name="昆山市", source_region=east, recipient_name="碧江区", recipient_region=west,
        pairing=ks, year=2019, amount=1,
    )
    client = client_for("jiangsu")
    response = client.get(reverse("reports:scorecard", args=[pairing("SZ-TR").pk]) + "?year=2019&export=xlsx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<v>700.000001</v>" in sheet  # 万元, as written: 7,000,000.01 元
    ws = load_workbook(io.BytesIO(response.content)).active
    column = next(c for c in range(2, ws.max_column + 1) if (ws.cell(3, c).value or "").startswith("各类帮扶资金"))
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == ks.display_name())
    assert Decimal(str(ws.cell(row, column).value)) == Decimal("700.000001")
