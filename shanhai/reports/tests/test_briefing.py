"""The Kunshan ↔ Bijiang 2019 briefing reads like a short version of seeds 000 and 001, and every
figure in it is the selector's: the .docx is parsed back, its numbers extracted and checked against
the selectors and against the seeds' numbers typed here."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command

from shanhai.assessment.models import Indicator, IndicatorSet, Scoring
from shanhai.assessment.selectors import indicator_result
from shanhai.pairings.models import Pairing
from shanhai.pairings.selectors import pairing_party_totals
from shanhai.reports.briefing import (
    NO_RECORDS,
    Number,
    briefing_build,
    briefing_docx,
    briefing_markdown,
    docx_text,
    number_text,
    numbers_in,
)
from shanhai.social.models import Donation

pytestmark = pytest.mark.django_db

YI, WAN = Decimal(100_000_000), Decimal(10_000)


@pytest.fixture
def ksbj():
    return Pairing.objects.get(reference="KS-BJ")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo's KS-BJ 2019 briefing and its .docx read back, built once (the demo data do not change)."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        user = get_user_model().objects.get(username="kunshan")
        found = briefing_build(user=user, pairing=Pairing.objects.get(reference="KS-BJ"), year=2019)
        text = docx_text(briefing_docx(found))
    return found, text


@pytest.fixture
def briefing(built):
    return built[0]


@pytest.fixture
def docx_figures(built):
    text = built[1]
    return text, numbers_in(text)


def test_number_text_as_offices_write_it():
    assert number_text(Decimal(120_000_000), "元") == "1.2亿元"
    assert number_text(Decimal(7_000_000), "元", "at_least") == "700万元以上"
    assert number_text(Decimal(13_000), "个", "at_least") == "1.3万个以上"
    assert number_text(Decimal(1024), "名") == "1024名"
    assert number_text(Decimal("100.0"), "%") == "100%"
    assert numbers_in("各类帮扶资金1.2亿元，涉及项目57个；1.3万个以上") == [
        (Decimal("1.2") * YI, "元"), (57, "个"), (Decimal("1.3") * WAN, "个")]


def test_title_and_opening_name_the_pair_and_its_start_but_never_its_note(briefing, docx_figures):
    text, _numbers = docx_figures
    assert briefing.title == "昆山市—碧江区东西部扶贫协作工作简报（2019年）"
    assert text.splitlines()[:2] == ["东西部协作工作简报", "第1期"] and text.splitlines()[3] == briefing.title
    opening = briefing.opening[0].text
    assert "昆山市与碧江区" in opening and "2017年10月" in opening  # seed 000: 自2017年10月……建立结对关系
    assert "七结对" not in text  # the pairing's 备注 is the office's own, never a paragraph
    headings = [s.heading for s in briefing.sections]
    assert headings == ["一、组织领导", "二、人才交流", "三、资金使用", "四、产业合作", "五、劳务协作", "六、携手奔小康"]


def test_the_seeds_numbers_are_in_the_docx(docx_figures):
    text, numbers = docx_figures
    found = set(numbers)
    assert (Decimal("1.2") * YI, "元") in found  # seed 001: 共争取各类帮扶资金1.2亿元
    assert (57, "个") in found  # seed 001: 涉及项目57个
    assert "1.3万个" in text and (13_000, "个") in found  # seed 000: 每年提供1.3万多个就业岗位
    assert (8, "个") in found and "结对覆盖率100%" in text  # seed 000: 8个深度贫困村 … 结对全覆盖
    assert (1024, "名") in found and (788, "户") in found  # seed 000: 1024名党员与788户贫困户
    assert "六个十" in text and (10, "名") in found and (60, "名") in found and (6, "类") in found
    assert (Decimal("1.06") * YI, "元") in found  # seed 000: 共计1.06亿元
    assert "蓝莓" in text and (105, "亩") in found and (188, "户") in found and (734, "人") in found  # seed 001/000
    assert (Decimal("1.8") * WAN, "株") in found  # seed 000: 1.8万株蓝莓树苗
    assert (55, "所") in found and (15, "家") in found  # seed 000: 55所学校；15个乡镇卫生院
    assert (700 * WAN, "元") in found and "700万元以上" in text  # seed 000: 结对资金700多万元


def test_every_number_in_the_text_is_a_selector_figure(briefing, docx_figures):
    text, numbers = docx_figures
    structured, named = Counter(), Counter()
    for s in briefing.sentences():
        for part, written_as in zip(s.parts, s.texts(), strict=True):
            if not isinstance(part, Number):
                named.update(numbers_in(written_as))  # a name that holds a number: "昆山4个城市管理办事处"
                continue
            assert written_as in text
            written = numbers_in(written_as)
            assert len(written) == 1, written_as
            assert written[0][0] == part.value, (part.source, written_as, part.value)  # the text says the figure's value
            structured[written[0]] += 1
    assert Counter(numbers) == structured + named  # nothing in the text that is not a figure or a name


def test_the_figures_are_the_dashboards_selectors(demo_users, ksbj, briefing):
    user = demo_users["kunshan"]
    by_source = {n.source: n.value for n in briefing.numbers}
    indicators = {i.key: i for i in IndicatorSet.objects.get(code="2016-2020").indicators.all()}
    for key in ("donations", "town_pairs", "visits_east_to_west"):
        result = indicator_result(user=user, indicator=indicators[key], pairing=ksbj, year=2019)
        assert by_source[f"indicator:{key}"] == result.actual.value
    # A total one record gives is told by that record, once: the jobs, the sales.
    for key, source in (("jobs_offered", "jobsoffered:KS-BJ-JOBS-2019.jobs"), ("sales", "sale:KS-BJ-SALE-SHOWCASE.amount")):
        result = indicator_result(user=user, indicator=indicators[key], pairing=ksbj, year=2019)
        assert f"indicator:{key}" not in by_source and by_source[source] == result.actual.value
    jobs = indicator_result(user=user, indicator=indicators["jobs_offered"], pairing=ksbj, year=2019)
    assert jobs.completion == 100 and "completion:jobs_offered" not in by_source  # the 1.3万 target is inferred
    # seed 001: 共争取各类帮扶资金1.2亿元，涉及项目57个 — the record's own figures.
    assert by_source["fund:KS-BJ-FUND-ALL.amount"] == Decimal("1.2") * YI
    assert by_source["fund:KS-BJ-FUND-ALL.project_count"] == 57
    assert by_source["figure:coverage_paired(deep_poverty_villages)"] == 8
    assert by_source["figure:coverage(deep_poverty_villages)"] == 100
    family = pairing_party_totals(root=ksbj, kind="family")
    assert by_source["pairing_party_totals(family).helpers.aggregate"] == family.helpers.aggregate == 1024
    assert by_source["pairing_party_totals(family).helped.aggregate"] == family.helped.aggregate == 788


def test_markdown_has_the_same_figures_as_the_docx(briefing, docx_figures):
    _text, numbers = docx_figures
    markdown = briefing_markdown(briefing)
    assert "\n# 昆山市—碧江区东西部扶贫协作工作简报（2019年）\n" in markdown
    assert "## 六、携手奔小康" in markdown
    assert Counter(numbers_in(markdown)) == Counter(numbers)


def test_no_sentence_for_an_indicator_without_records(demo_users, ksbj):
    base = IndicatorSet.objects.get(code="2016-2020").indicators.get(key="transports")
    Indicator.objects.create(
        indicator_set=base.indicator_set, key="test_no_records", name="测试未登记指标", dimension=base.dimension,
        unit="人", figure="transports", parameter="poor", scoring=Scoring.NONE,
    )
    briefing = briefing_build(user=demo_users["kunshan"], pairing=ksbj, year=2019)
    markdown = briefing_markdown(briefing)
    assert "测试未登记指标" not in markdown
    assert "组织劳动力输送" not in markdown  # no transport recorded for the pair in 2019
    # 2018 holds no ledger records to compare with (the ten-haves checklist is kept year by year).
    assert [line for line in markdown.splitlines() if "比上年" in line and not line.startswith("“十有”")] == []


def test_a_pair_without_records_says_so_once_per_dimension(demo_users):
    # The justice bureaus' pairing (seed 000: 司法局……结对) holds no ledger record.
    justice = Pairing.objects.get(reference="KS-BJ-DEPT-JUS")
    briefing = briefing_build(user=demo_users["kunshan"], pairing=justice, year=2019)
    assert all(section.empty for section in briefing.sections)
    markdown = briefing_markdown(briefing)
    assert markdown.count(NO_RECORDS) == 6
    assert briefing.numbers == [] and numbers_in(markdown) == []


def test_compared_with_the_year_before_only_when_it_has_records(demo_users, ksbj):
    gift = Donation.objects.get(reference="KS-BJ-DON-ZP")
    gift.pk, gift.reference, gift.year, gift.date = None, "TEST-DON-2018", 2018, None
    gift.save()  # 60万元 in 2018 → 2019's 680万元以上 is 620万元 more
    markdown = briefing_markdown(briefing_build(user=demo_users["kunshan"], pairing=ksbj, year=2019))
    line = next(t for t in markdown.splitlines() if t.startswith("社会帮扶捐赠"))
    assert "680万元以上" in line and "比上年增加620万元" in line


def test_pages_and_downloads_need_login_and_scope(client, client_for, ksbj):
    urls = [f"/reports/briefing/{ksbj.pk}/?year=2019", f"/reports/briefing/{ksbj.pk}.docx?year=2019",
            f"/reports/briefing/{ksbj.pk}.md?year=2019"]
    for url in urls:
        assert client.get(url).status_code == 302
    other = client_for("zhangjiagang")
    for url in urls:
        assert other.get(url).status_code == 404
    assert other.get(f"/api/briefings/{ksbj.pk}/?year=2019").status_code == 404
    kunshan = client_for("kunshan")
    page = kunshan.get(urls[0]).content.decode()
    assert "昆山市—碧江区东西部扶贫协作工作简报（2019年）" in page and "1.2亿元" in page and 'data-source="' in page
    docx = kunshan.get(urls[1])
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (1024, "名") in numbers_in(docx_text(docx.content))
    md = kunshan.get(urls[2]).content.decode()
    assert "1024名党员" in md and "788户贫困户" in md
    panel = kunshan.get(f"/pairings/{ksbj.pk}/").content.decode()  # the pairing's page links here
    assert "工作简报与数据核对" in panel and f"/reports/briefing/{ksbj.pk}/?year=2019" in panel
    api = kunshan.get(f"/api/briefings/{ksbj.pk}/?year=2019").json()
    assert api["title"].endswith("（2019年）") and any(n["source"] == "sale:KS-BJ-SALE-SHOWCASE.amount" for n in api["numbers"])


def test_briefing_command_writes_markdown_and_docx(tmp_path):
    md, docx = tmp_path / "ksbj.md", tmp_path / "ksbj.docx"
    call_command("briefing", "KS-BJ", year=2019, format="md", out=str(md), stdout=io.StringIO())
    call_command("briefing", "KS-BJ", year=2019, format="docx", out=str(docx), stdout=io.StringIO())
    assert "1.2亿元" in md.read_text(encoding="utf-8")
    assert Counter(numbers_in(docx_text(docx.read_bytes()))) == Counter(numbers_in(md.read_text(encoding="utf-8")))
