"""Spans, expected figures and totals with their parts on Kunshan ↔ Bijiang (320583 ↔ 520602).

Records entered for the pair as its offices would, from a report of this shape:
"2017年以来，昆山累计投入财政援助资金3000万元" (a span 2017—2019), "计划再安排财政援助资金500万元"
(expected, 2019), "2020年财政援助资金100万元，其中产业项目80万元、教育医疗50万元" (parts that add up
to more than the total: 130 万元 against 100 万元). The demo holds no fiscal aid for the pair, so
every fiscal figure below is these records' alone; the demo's own span is seed 001's "2017年10月结对
以来，共争取各类帮扶资金1.2亿元" (2017—2019).

The demo's own undated records: seed 001 names the eastern firms brought to Bijiang's park
(布瑞克、同仁之光、曾氏机械、新宁物流 and 6 more, "近10个") without a year — five records.
"""

import html
import re

import pytest
from django.urls import reverse

from shanhai.agreements.rules import RULES, rule_evaluate
from shanhai.funds.models import Fund, FundKind
from shanhai.funds.selectors import funds_total
from shanhai.funds.services import fund_create
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.reports.figures_apart import expected_apart, spans_covering, undated_counts
from shanhai.reports.reconciliation import totals_with_parts

pytestmark = pytest.mark.django_db

WAN = 100 * 10_000  # fen in 1 万元


def ksbj():
    return Pairing.objects.get(reference="KS-BJ")


def _fund(actor, reference, amount_wan, year, **extra):
    return fund_create(
        actor=actor, reference=reference, kind=FundKind.objects.get(code="fiscal_aid"),
        title=extra.pop("title", "昆山帮扶碧江财政援助资金"), source_name="昆山市",
        source_region=Region.objects.get(pk="320583000000"),
        recipient_name="碧江区", recipient_region=Region.objects.get(pk="520602000000"),
        pairing=ksbj(), year=year, amount=amount_wan * WAN, basis="aggregate", **extra,
    )


@pytest.fixture
def records(demo_users):
    kunshan = demo_users["kunshan"]
    span = _fund(kunshan, "KS-BJ-T-SPAN", 3000, 2019, year_from=2017, title="2017年以来财政援助资金")
    plan = _fund(kunshan, "KS-BJ-T-PLAN", 500, 2019, stage="expected", title="计划安排财政援助资金")
    total = _fund(kunshan, "KS-BJ-T-2020", 100, 2020, title="2020年财政援助资金")
    part_a = _fund(kunshan, "KS-BJ-T-2020-A", 80, 2020, part_of=total, title="其中产业项目")
    part_b = _fund(kunshan, "KS-BJ-T-2020-B", 50, 2020, part_of=total, title="其中教育医疗")
    return {"span": span, "plan": plan, "total": total, "parts": [part_a, part_b]}


def fiscal(**filters):
    return funds_total(kind=FundKind.objects.get(code="fiscal_aid"), pairing=ksbj(), **filters)


# ---------------------------------------------------------------- the one filter


def test_a_year_takes_single_years_and_a_cumulative_figure_takes_the_span_once(demo_users, records):
    admin = demo_users["admin"]
    # 2019 alone: the span is no one year's, the plan is not achieved → nothing fiscal in 2019
    assert fiscal(user=admin, year=2019).records == 0
    # up to 2019: the 3,000 万元 since 2017, once; not the 500 万元 planned
    assert fiscal(user=admin, up_to_year=2019).total == 3000 * WAN
    assert str(fiscal(user=admin, up_to_year=2019)) == "3,000 万元"
    # 2020: the total, its parts not again
    assert fiscal(user=admin, year=2020).total == 100 * WAN
    # up to 2020: 3,000 + 100
    assert fiscal(user=admin, up_to_year=2020).total == 3100 * WAN
    # before the span ends it is not yet counted as a whole
    assert fiscal(user=admin, up_to_year=2018).records == 0


def test_expected_figures_only_when_asked(demo_users, records):
    from shanhai.pairings.selectors import records_filtered

    qs = records_filtered(Fund.objects.all(), Fund, pairing=ksbj(), year=2019, stage="expected")
    assert list(qs.values_list("reference", flat=True)) == ["KS-BJ-T-PLAN"]
    assert not records_filtered(Fund.objects.all(), Fund, pairing=ksbj(), year=2019).filter(reference="KS-BJ-T-PLAN").exists()


# ---------------------------------------------------------------- apart from a year's figures


def test_spans_covering_2018_grouped_by_ledger(demo_users, records):
    groups = spans_covering(user=demo_users["kunshan"], pairing=ksbj(), year=2018)
    funds = [g for g in groups if g.slug == "funds"]
    assert len(funds) == 1
    assert [line.text for line in funds[0].lines] == [
        "2017—2019 各类帮扶资金（合计） 1.2 亿元",  # seed 001
        "2017—2019 财政援助资金 3,000 万元",
    ]
    # a span covers each of its years, and none outside
    assert [g.slug for g in spans_covering(user=demo_users["kunshan"], pairing=ksbj(), year=2016)] == []


def test_expected_apart(demo_users, records):
    groups = expected_apart(user=demo_users["kunshan"], pairing=ksbj(), year=2019)
    [funds] = [g for g in groups if g.slug == "funds"]
    assert [line.text for line in funds.lines] == ["2019 财政援助资金 500 万元"]


def test_undated_firms_counted_apart(demo_users):
    # seed 001: the firms brought to 碧江 are named without a year — five records
    assert undated_counts(user=demo_users["kunshan"], pairing=ksbj())["west-enterprises"] == 5


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _row(text: str, key: str) -> str:
    found = re.search(rf'<tr data-indicator="{key}">(.*?)</tr>', text, re.S)
    assert found, key
    return found.group(1)


def _cell(row_html: str, cls: str) -> str:
    found = re.search(rf'<td class="[^"]*\b{cls}\b[^"]*">(.*?)</td>', row_html, re.S)
    assert found, cls
    return _text(found.group(1))


def test_2019_dashboard_shows_spans_and_plans_apart(client_for, records):
    url = reverse("reports:dashboard", args=[ksbj().pk]) + "?year=2019"
    response = client_for("kunshan").get(url)
    assert response.status_code == 200
    text = response.content.decode()
    row = _row(text, "funds_fiscal")
    # the year's figure holds neither the span nor the plan
    assert "3,000" not in _cell(row, "actual") and "500" not in _cell(row, "actual")
    # the cumulative figure (since the pair began, up to 2019) holds the span once
    assert _cell(row, "cumulative") == "3,000 万元"
    spans = re.search(r'<section class="panel" id="spans">(.*?)</section>', text, re.S)
    assert spans, "跨年度累计 panel"
    assert "跨年度累计" in _text(spans.group(1))
    assert "2017—2019 财政援助资金 3,000 万元" in _text(spans.group(1))
    assert "2017—2019 各类帮扶资金（合计） 1.2 亿元" in _text(spans.group(1))  # seed 001
    plans = re.search(r'<section class="panel" id="expected">(.*?)</section>', text, re.S)
    assert plans, "预期/计划 panel"
    assert "预期/计划" in _text(plans.group(1))
    assert "2019 财政援助资金 500 万元" in _text(plans.group(1))
    # the firms without a year, beside the figures that need one
    assert "年度未载 5 条" in _text(_row(text, "enterprises"))


def test_a_span_is_ten_haves_evidence_for_each_year_in_it(demo_users, records):
    assert "funds" in RULES
    evidence = rule_evaluate(key="funds", user=demo_users["kunshan"], pairing=ksbj(), year=2018)
    assert evidence.met
    # seed 001's 1.2 亿元 since 2017 and the 3,000 万元 since 2017, both 2017—2019
    assert "跨年度累计 2017—2019 1.5 亿元（2 条记录）" in evidence.summary
    assert 2018 in RULES["funds"].years(user=demo_users["kunshan"], pairing=ksbj())
    assert 2017 in RULES["funds"].years(user=demo_users["kunshan"], pairing=ksbj())


def test_ten_haves_2016_finds_no_funds(demo_users, records):
    assert not rule_evaluate(key="funds", user=demo_users["kunshan"], pairing=ksbj(), year=2016).met


# ---------------------------------------------------------------- reconciliation


def test_parts_exceeding_their_total_are_flagged(demo_users, records):
    found = [t for t in totals_with_parts(user=demo_users["kunshan"], pairing=ksbj(), year=2020) if t.total.reference == "KS-BJ-T-2020"]
    assert len(found) == 1
    t = found[0]
    assert t.total_amount == 100 * WAN and t.parts_amount == 130 * WAN
    assert t.excess == 30 * WAN and t.exceeds
    assert [p.reference for p in t.parts] == ["KS-BJ-T-2020-A", "KS-BJ-T-2020-B"]
    assert t.flag_text == "其中各项合计 130 万元，超出合计 100 万元 30 万元"


def test_reconciliation_page_lists_totals_with_their_parts(client_for, records):
    response = client_for("kunshan").get(reverse("reports:reconciliation") + "?pairing=KS-BJ&year=2020")
    assert response.status_code == 200
    text = response.content.decode()
    section = re.search(r'<section class="panel" id="parts">(.*?)</section>', text, re.S)
    assert section, "合计与其中 section"
    body = _text(section.group(1))
    assert "KS-BJ-T-2020" in body and "KS-BJ-T-2020-A" in body and "KS-BJ-T-2020-B" in body
    assert "其中各项合计 130 万元，超出合计 100 万元 30 万元" in body


def test_firms_brought_west_over_a_span_and_firms_expected(demo_users):
    # "2018—2019年引进东部企业3家" (a span) and "计划再引进2家" (expected, 2019): 2019's own count holds
    # neither; up to 2019 the three count once; the two planned never count.
    from shanhai.industry.selectors import west_enterprises_totals
    from shanhai.industry.services import west_enterprise_create

    kunshan = demo_users["kunshan"]
    common = {
        "introducer_region": Region.objects.get(pk="320583000000"), "region": Region.objects.get(pk="520602000000"),
        "pairing": ksbj(), "basis": "aggregate", "year": 2019,
    }
    west_enterprise_create(actor=kunshan, reference="KS-BJ-T-WE-SPAN", name="东部转移企业", count=3, year_from=2018, **common)
    west_enterprise_create(actor=kunshan, reference="KS-BJ-T-WE-PLAN", name="计划引进企业", count=2, stage="expected", **common)
    admin = demo_users["admin"]
    assert west_enterprises_totals(user=admin, pairing=ksbj(), year=2019).enterprises.total == 0
    before = west_enterprises_totals(user=admin, pairing=ksbj(), up_to_year=2017).enterprises.total
    assert before == 0  # the demo's firms carry no year
    assert west_enterprises_totals(user=admin, pairing=ksbj(), up_to_year=2019).enterprises.total == 3
    [firms] = [g for g in spans_covering(user=kunshan, pairing=ksbj(), year=2018) if g.slug == "west-enterprises"]
    assert [line.text for line in firms.lines] == ["2018—2019 引进企业 企业（项目）数 3"]


def test_api_gives_what_the_page_shows_apart(client_for, records):
    body = client_for("kunshan").get("/api/dashboards/KS-BJ/?year=2019").json()
    [funds] = [g for g in body["spans"] if g["ledger"] == "funds"]
    assert [line["text"] for line in funds["lines"]] == ["2017—2019 各类帮扶资金（合计） 1.2 亿元", "2017—2019 财政援助资金 3,000 万元"]
    [plans] = [g for g in body["expected"] if g["ledger"] == "funds"]
    assert [line["text"] for line in plans["lines"]] == ["2019 财政援助资金 500 万元"]
    assert body["undated"]["west-enterprises"] == 5
    fiscal = next(i for d in body["dimensions"] for i in d["indicators"] if i["key"] == "funds_fiscal")
    assert fiscal["cumulative"]["display"] == "3,000 万元"


def test_visits_over_a_span_are_ten_haves_evidence_for_each_year(demo_users):
    # "2017年以来，两地党政领导先后互访考察32批次" — one aggregate over 2017—2019
    from shanhai.exchanges.services import visit_create

    kunshan = demo_users["kunshan"]
    visit_create(
        actor=kunshan, reference="KS-BJ-T-VISITS", name="两地党政领导互访考察", pairing=ksbj(), basis="aggregate",
        east_region=Region.objects.get(pk="320583000000"), west_region=Region.objects.get(pk="520602000000"),
        east_party="昆山市", west_party="碧江区", year_from=2017, year=2019, trips=32,
    )
    evidence = rule_evaluate(key="visits", user=kunshan, pairing=ksbj(), year=2018)
    assert evidence.met and "跨年度累计 2017—2019（1 条记录）" in evidence.summary
    assert {2017, 2018, 2019} <= RULES["visits"].years(user=kunshan, pairing=ksbj())
