"""The briefing tells every recorded figure once, as a document an office sends.

A town pair (千灯镇 ↔ 云场坪镇) is built here with records of every kind — an agreement, a visit known
to the month, a named cadre beside two village cadres, funds with a span and a part, a project with
a qualified output ("300余亩") and its reach, a firm's achieved and another's expected jobs, labour by
destination and outcome, a job fair, a donation, a sale — and an internal note. The figures typed
below are the account's; each must appear once, with its own words, in the .md and in the .docx.
"""

import datetime
import io
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.test import override_settings

from shanhai.assessment.models import IndicatorSet, Target
from shanhai.pairings.models import Pairing, PairingKind, PartyRole, PartyType
from shanhai.pairings.services import PartySpec, pairing_create
from shanhai.regions.selectors import region_get
from shanhai.reports.briefing import (
    Issue,
    briefing_build,
    briefing_docx,
    briefing_markdown,
    number_text,
    numbers_in,
    plain,
    sentence,
)

pytestmark = pytest.mark.django_db

NOTE = "内部备注：勿外传"
QD, YCP = "320583108000", "520602102000"

# (text as the briefing must write it, (value, unit) as read back) — each exactly once.
FIGURES = [
    ("23人次", (23, "人次")),  # the visit
    ("驻村干部2名", (2, "名")),  # two village cadres, apart from the named cadre
    ("127.5万元", (1_275_000, "元")),  # the town's pairing funds
    ("50万元", (500_000, "元")),  # 其中 the cooperation funds inside them
    ("300万元", (3_000_000, "元")),  # fiscal aid 2017—2019
    ("300余亩", (300, "亩")),  # the tea base's planted area
    ("约120户", (120, "户")),  # households it reaches
    ("450人", (450, "人")),
    ("40户", (40, "户")),
    ("150人", (150, "人")),
    ("800万元", (8_000_000, "元")),  # the firm's investment
    ("带动就业35人", (35, "人")),  # achieved
    ("预计带动就业200人", (200, "人")),  # expected
    ("650个", (650, "个")),  # jobs offered
    ("48人", (48, "人")),  # the bus to 千灯镇
    ("17人", (17, "人")),
    ("66人", (66, "人")),  # employed in 昆山市千灯镇
    ("21人", (21, "人")),
    ("18家", (18, "家")),  # the job fair
    ("540个", (540, "个")),
    ("73人", (73, "人")),
    ("26万元", (260_000, "元")),  # the chamber's gift
    ("186万元", (1_860_000, "元")),  # tea sold
]
WORDS = [
    "《千灯—云场坪结对帮扶协议》", "2019年4月8日",  # the agreement, by title and date
    "2019年5月，千灯镇考察团",  # a month date stays a month
    "党政干部挂职李明（云场坪镇副镇长）",  # named where named
    "2017—2019年累计", "其中，",
    "产业发展项目", "到昆山市千灯镇", "稳定就业", "千灯镇商会", "云场坪茶叶",
]


def _pair(admin):
    parties = [PartySpec(role=PartyRole.HELPER, party_type=PartyType.REGION, region=region_get(QD)),
               PartySpec(role=PartyRole.HELPED, party_type=PartyType.REGION, region=region_get(YCP))]
    return pairing_create(actor=admin, parties=parties, reference="T-QD-YCP", kind=PairingKind.objects.get(code="town"),
                          parent=Pairing.objects.get(reference="KS-BJ"), start_date=datetime.date(2018, 3, 1), note=NOTE)


@pytest.fixture
def pair(demo_users):
    from shanhai.agreements.models import Agreement
    from shanhai.consumption.models import Sale
    from shanhai.exchanges.models import Visit
    from shanhai.funds.models import Fund, FundKind
    from shanhai.industry.models import WestEnterprise
    from shanhai.labour.models import (
        DestinationClass,
        EmploymentOutcome,
        JobFair,
        JobsOffered,
        OrganisedTransport,
    )
    from shanhai.projects.models import Project, ProjectCategory, ProjectOutput
    from shanhai.social.models import Donation
    from shanhai.talent.models import TalentKind, TalentPlacement

    p = _pair(demo_users["admin"])
    sides = {"east_region_id": QD, "west_region_id": YCP}
    Agreement.objects.create(reference="T-AGR", pairing=p, year=2019, title="千灯—云场坪结对帮扶协议",
                             signed_on=datetime.date(2019, 4, 8), note=NOTE)
    Visit.objects.create(reference="T-VIS", pairing=p, name="千灯镇考察团", direction="east_to_west", year=2019,
                         start_date=datetime.date(2019, 5, 1), precisions={"start_date": "month"}, person_times=23,
                         east_party="千灯镇", west_party="云场坪镇", note=NOTE, **sides)
    TalentPlacement.objects.create(reference="T-TAL-1", pairing=p, kind=TalentKind.objects.get(code="cadre"),
                                   direction="east_to_west", person_name="李明", post="云场坪镇副镇长", persons=1,
                                   year=2019, east_party="千灯镇", west_party="云场坪镇", note=NOTE, **sides)
    TalentPlacement.objects.create(reference="T-TAL-2", pairing=p, kind=TalentKind.objects.get(code="village_cadre"),
                                   direction="east_to_west", persons=2, year=2019, east_party="千灯镇", west_party="云场坪镇",
                                   **sides)
    kind = FundKind.objects.get
    town = Fund.objects.create(reference="T-FUND-TOWN", pairing=p, kind=kind(code="town_pairing"), title="千灯镇结对帮扶资金",
                               year=2019, amount=127_500_000, source_region_id=QD, recipient_region_id=YCP, note=NOTE)
    Fund.objects.create(reference="T-FUND-COOP", pairing=p, kind=kind(code="cooperation"), title="千灯镇东西部协作资金",
                        year=2019, amount=50_000_000, part_of=town, source_region_id=QD, recipient_region_id=YCP)
    Fund.objects.create(reference="T-FUND-SPAN", pairing=p, kind=kind(code="fiscal_aid"), title="昆山市财政援助资金",
                        year_from=2017, year=2019, amount=300_000_000, basis="aggregate", source_region_id=QD,
                        recipient_region_id=YCP)
    tea = Project.objects.create(reference="T-PRJ-TEA", pairing=p, name="云场坪茶叶基地",
                                 category=ProjectCategory.objects.get(code="industry"), place_id=YCP, helper_region_id=QD,
                                 year=2019, households=120, persons=450, poor_households=40, poor_persons=150,
                                 qualifiers={"households": "about", "outputs.茶叶种植": "over"}, note=NOTE)
    ProjectOutput.objects.create(project=tea, what="茶叶种植", quantity=300, unit="亩")
    WestEnterprise.objects.create(reference="T-WE-1", pairing=p, name="千灯精密机械", count=1, year=2019,
                                  actual_investment=800_000_000, jobs=35, introducer_region_id=QD, region_id=YCP)
    WestEnterprise.objects.create(reference="T-WE-2", pairing=p, name="云场坪茶叶加工厂", count=1, year=2019, jobs=200,
                                  stage="expected", introducer_region_id=QD, region_id=YCP)
    JobsOffered.objects.create(reference="T-JOBS", pairing=p, offered_by="千灯镇", offered_to="云场坪镇", year=2019,
                               jobs=650, **sides)
    OrganisedTransport.objects.create(reference="T-BUS", pairing=p, name="春风行动专车", mode="charter_bus",
                                      date=datetime.date(2019, 2, 20), year=2019, workers=48, poor_workers=17,
                                      to_place="千灯镇", from_region_id=YCP, to_region_id=QD)
    EmploymentOutcome.objects.create(reference="T-EMP", pairing=p, destination=DestinationClass.objects.get(code="paired_city"),
                                     destination_place="昆山市千灯镇", year=2019, workers=66, poor_workers=21,
                                     reported_stable=True, origin_region_id=YCP, destination_region_id=QD)
    JobFair.objects.create(reference="T-FAIR", pairing=p, name="云场坪专场招聘会", date=datetime.date(2019, 3, 10),
                           year=2019, employers=18, jobs_offered=540, signed=73, **sides)
    Donation.objects.create(reference="T-DON", pairing=p, donor_name="千灯镇商会", donor_region_id=QD,
                            recipient_name="云场坪镇", recipient_region_id=YCP, year=2019, date=datetime.date(2019, 6, 1),
                            form="cash", amount=26_000_000)
    Sale.objects.create(reference="T-SALE", pairing=p, product="云场坪茶叶", producer_region_id=YCP, buyer_region_id=QD,
                        buyer_name="千灯镇", year=2019, amount=186_000_000)
    return p


@pytest.fixture
def written(pair, demo_users):
    briefing = briefing_build(user=demo_users["kunshan"], pairing=pair, year=2019)
    issue = Issue(number=3, date=datetime.date(2019, 12, 20))
    return briefing, briefing_markdown(briefing, issue), briefing_docx(briefing, issue)


def docx_paragraphs(content: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(content)).paragraphs]


def test_number_text_keeps_every_qualifier():
    assert number_text(Decimal(300), "亩", "over") == "300余亩"
    assert number_text(Decimal(1_020_000), "元", "over") == "102万余元"
    assert number_text(Decimal(13_000), "个", "over") == "1.3万余个"
    assert number_text(Decimal(10), "个", "nearly") == "近10个"
    assert number_text(Decimal(5), "人", "under") == "不足5人"
    assert number_text(Decimal(100), "户", "about") == "约100户"
    assert number_text(Decimal(127_500_000), "元", money_in="万元") == "12,750万元"
    assert numbers_in("300余亩，102万余元，12,750万元") == [(300, "亩"), (1_020_000, "元"), (127_500_000, "元")]


def test_one_unit_of_money_in_a_sentence():
    both = sentence("各类帮扶资金", plain(127_000_000, "元", label="a", source="a"), "，其中财政援助资金",
                    plain(127_500_000, "元", label="b", source="b"), "。")
    assert both.text == "各类帮扶资金12,700万元，其中财政援助资金12,750万元。"  # never "1.27亿元…12,750万元"
    assert numbers_in(both.text) == [(127_000_000, "元"), (127_500_000, "元")]
    alone = sentence("各类帮扶资金", plain(127_000_000, "元", label="a", source="a"), "，惠及", plain(30, "户", label="c", source="c"))
    assert alone.text == "各类帮扶资金1.27亿元，惠及30户"


def test_every_recorded_figure_once_in_the_markdown_and_the_docx(written):
    briefing, markdown, docx = written
    text = "\n".join(docx_paragraphs(docx))
    for rendering in (markdown, text):
        found = Counter(numbers_in(rendering))
        for words, figure in FIGURES:
            assert words in rendering, words
            assert found[figure] == 1, (words, found[figure])
        for words in WORDS:
            assert words in rendering, words
        assert found[(3, "人")] == found[(3, "名")] == 0  # the cadre and the village cadres never merged
    assert Counter(numbers_in(markdown.replace("\\", ""))) == Counter(numbers_in(text))
    sources = [n.source for n in briefing.numbers]
    assert len(sources) == len(set(sources))  # no figure told twice


def test_the_note_and_the_default_targets_never_appear(written):
    _briefing, markdown, docx = written
    text = "\n".join(docx_paragraphs(docx))
    for rendering in (markdown, text):
        assert NOTE not in rendering and "勿外传" not in rendering
        assert "年度目标" not in rendering  # the visits' 统一目标值 (1次) is not the pair's target


def test_a_stated_target_is_the_years_target_and_its_figure_is_not_repeated(pair, demo_users):
    jobs = IndicatorSet.objects.get(code="2016-2020").indicators.get(key="jobs_offered")
    Target.objects.create(pairing=pair, year=2019, indicator=jobs, value=Decimal(600))
    markdown = briefing_markdown(briefing_build(user=demo_users["kunshan"], pairing=pair, year=2019))
    assert "完成年度目标（600个）" in markdown
    assert Counter(numbers_in(markdown))[(650, "个")] == 1


def test_the_docx_looks_like_an_office_briefing(written):
    from docx import Document
    from docx.oxml.ns import qn

    briefing, _markdown, content = written
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297  # A4
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[:2] == ["东西部协作工作简报", "第3期"]
    assert paragraphs[2].startswith("昆山市东西部协作办公室") and paragraphs[2].endswith("2019年12月20日")
    title = next(p for p in doc.paragraphs if p.text == briefing.title)
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体" and fonts.get(qn("w:ascii")) == "SimHei"
    body = next(p for p in doc.paragraphs if "300余亩" in p.text)
    assert body.runs[0].font.size.pt == 16
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert [t for t in paragraphs if re.match("[报送]：", t)] == [
        "报：东西部扶贫协作工作领导小组办公室", "送：千灯镇、云场坪镇东西部扶贫协作工作领导小组成员单位"]
    footer = section.footer._element.xml
    assert "fldChar" in footer and "PAGE" in footer  # page numbers
    assert "{{" not in "".join(paragraphs) and "{%" not in "".join(paragraphs)


def test_the_markdown_says_what_the_docx_says(written):
    _briefing, markdown, content = written
    blocks = [b for b in markdown.split("\n\n") if b.strip() and b.strip() != "---"]
    unescaped = [re.sub(r"\\(.)", r"\1", re.sub(r"^#+ ", "", b.strip())) for b in blocks]
    paragraphs = [p for p in docx_paragraphs(content) if p.strip()]
    assert unescaped == [p.replace("\t", "　") for p in paragraphs]


def test_an_office_replaces_the_template_by_a_setting(written, tmp_path):
    from docx import Document

    briefing = written[0]
    own = Document()
    own.add_paragraph("本局简报 {{ title }} 第{{ issue }}期")
    path = tmp_path / "own.docx"
    own.save(path)
    with override_settings(SHANHAI_BRIEFING_TEMPLATE=str(path)):
        content = briefing_docx(briefing, Issue(number=9))
    assert docx_paragraphs(content) == [f"本局简报 {briefing.title} 第9期"]


def test_the_demo_briefing_tells_its_records_once_without_the_note(demo_users):
    ksbj = Pairing.objects.get(reference="KS-BJ")
    briefing = briefing_build(user=demo_users["kunshan"], pairing=ksbj, year=2019)
    markdown = briefing_markdown(briefing)
    text = "\n".join(docx_paragraphs(briefing_docx(briefing)))
    for rendering in (markdown, text):
        assert "七结对" not in rendering  # the pair's 备注 (seed 001's award) is the office's own
        assert "待核对" not in rendering  # nor a record's
        assert "年度目标" not in rendering  # 1.3万 jobs is inferred from the achievement; 1次, 10项 are defaults
        assert "孙道寻（碧江区委常委、副区长）" in rendering  # seed 001: the seconded cadre, by name
        assert "《昆山·碧江东西部扶贫协作“组团式”帮扶协议》" in rendering  # seed 001
        assert "2019年11月20日，张浦镇考察团" in rendering and "60万元" in rendering  # seed 001: 捐资60万元
        assert "560万元以上" in rendering  # seed 000: 社会各界捐助已经超过560万元
        assert "300余" not in rendering
        # seed 000: the four bureaus' pairings (人社、司法、粮食、供销) and the parks', under the pair
        assert "部门结对：昆山市人社局、昆山市司法局、昆山市粮食局等4个单位与碧江区" in rendering
        assert "园区结对：昆山高新区与碧江经开区结对。" in rendering
        assert rendering.count("700万元以上") == 1  # seed 000: 结对资金700多万元, told once
        assert rendering.count("1.3万个以上") == 1  # seed 000: 1.3万多个就业岗位, told once
    sources = [n.source for n in briefing.numbers]
    assert len(sources) == len(set(sources))


def test_downloads_api_and_command_take_the_issue_office_date_and_lines(client_for, tmp_path):
    from django.core.management import call_command

    ksbj = Pairing.objects.get(reference="KS-BJ")
    kunshan = client_for("kunshan")
    query = "year=2019&issue=5&office=昆山市对口帮扶办&date=2019-12-20&report_to=苏州市协作办&send_to=碧江区乡村振兴局"
    docx = docx_paragraphs(kunshan.get(f"/reports/briefing/{ksbj.pk}.docx?{query}").content)
    assert docx[:3] == ["东西部协作工作简报", "第5期", "昆山市对口帮扶办\t2019年12月20日"]
    assert docx[-2:] == ["报：苏州市协作办", "送：碧江区乡村振兴局"]
    markdown = kunshan.get(f"/reports/briefing/{ksbj.pk}.md?{query}").content.decode()
    assert markdown.startswith("东西部协作工作简报\n\n第5期\n\n昆山市对口帮扶办　2019年12月20日\n\n# ")
    assert markdown.endswith("报：苏州市协作办\n\n送：碧江区乡村振兴局\n")
    page = kunshan.get(f"/reports/briefing/{ksbj.pk}/?{query}").content.decode()
    assert 'id="briefing-issue"' in page and "第5期" in page and "报：苏州市协作办" in page
    api = kunshan.get(f"/api/briefings/{ksbj.pk}/?{query}").json()
    assert (api["issue"], api["office"], api["date"], api["report_to"]) == (5, "昆山市对口帮扶办", "2019年12月20日", "苏州市协作办")
    for wrong in ("issue=0", "issue=abc", "date=2019-13-01"):
        assert kunshan.get(f"/reports/briefing/{ksbj.pk}.docx?year=2019&{wrong}").status_code == 400
        assert kunshan.get(f"/api/briefings/{ksbj.pk}/?year=2019&{wrong}").status_code == 400
    out = tmp_path / "ksbj.docx"
    call_command("briefing", "KS-BJ", year=2019, format="docx", out=str(out), issue="2", stdout=io.StringIO())
    assert docx_paragraphs(out.read_bytes())[1] == "第2期"


def test_an_office_posts_its_own_template_with_the_download(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    ksbj = Pairing.objects.get(reference="KS-BJ")
    kunshan = client_for("kunshan")
    own = Document()
    own.add_paragraph("昆山简报 第{{ issue }}期 {{ office }}")
    own.add_paragraph("{%p for section in sections %}")
    own.add_paragraph("{{ section.heading }}")
    own.add_paragraph("{%p endfor %}")
    buf = io.BytesIO()
    own.save(buf)
    upload = SimpleUploadedFile("own.docx", buf.getvalue())
    response = kunshan.post(f"/reports/briefing/{ksbj.pk}.docx?year=2019", {"issue": "4", "template": upload})
    assert response.status_code == 200
    assert docx_paragraphs(response.content) == ["昆山简报 第4期 昆山市东西部协作办公室", "一、组织领导", "二、人才交流",
                                                 "三、资金使用", "四、产业合作", "五、劳务协作", "六、携手奔小康"]
    wrong = SimpleUploadedFile("own.docx", b"not a word file")
    assert kunshan.post(f"/reports/briefing/{ksbj.pk}.docx?year=2019", {"template": wrong}).status_code == 400
    broken = Document()
    broken.add_paragraph("{%p for x in %}")
    buf = io.BytesIO()
    broken.save(buf)
    response = kunshan.post(f"/reports/briefing/{ksbj.pk}.docx?year=2019",
                            {"template": SimpleUploadedFile("b.docx", buf.getvalue())})
    assert response.status_code == 400
    markdown = kunshan.post(f"/reports/briefing/{ksbj.pk}.md?year=2019", {"issue": "4"}).content.decode()
    assert markdown.startswith("东西部协作工作简报\n\n第4期\n\n昆山市东西部协作办公室")
    other = client_for("zhangjiagang")  # a posted download needs the pair's scope as a fetched one does
    assert other.post(f"/reports/briefing/{ksbj.pk}.docx?year=2019", {"issue": "4"}).status_code == 404
    assert other.post(f"/reports/briefing/{ksbj.pk}.md?year=2019", {"issue": "4"}).status_code == 404
