"""The work briefing (工作简报) of a pair for a year, written from the data.

A briefing is a structure — a title, an opening, one section per dimension — whose sentences are
made of text and ``Number`` parts; each Number holds the ``Figure`` it was written from and the
selector that gave it (``pairing_results`` / ``figure_compute`` / ``pairing_party_totals`` / the
talent plans). HTML, Markdown and .docx are renderings of the same structure, so every figure in
the text can be checked against its selector.

Rules of the register: money in 万元/亿元, counts as offices write them (1.3万, 1024名), "以上"
kept from the records' qualifier; a comparison with the target only where there is a target, with
the year before only where that year has records; no records, no sentence. A dimension without any
sentence says so in one line ("本期无台账记录"), so all six always appear.
"""

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from shanhai.assessment.figures import Figure, figure_compute
from shanhai.assessment.models import MONEY_UNIT
from shanhai.assessment.selectors import (
    IndicatorResult,
    indicator_figure,
    pairing_results,
    results_by_dimension,
)
from shanhai.core.money import format_money
from shanhai.core.records import Qualifier
from shanhai.pairings.models import Pairing, PairingParty, PartyRole, PartyType

NO_RECORDS = "本期无台账记录。"
CHINESE_ORDINALS = "一二三四五六七八九十"


# ---------------------------------------------------------------- numbers as offices write them


def number_text(value: Decimal, unit: str, qualifier: str = "") -> str:
    """1.2亿元, 700万元以上, 1.3万个以上, 1024名, 100%, 约10个."""
    if unit == MONEY_UNIT:
        text = format_money(int(value * 100)).replace(" ", "")
    elif unit == "%":
        text = f"{value.normalize():f}%"
    else:
        if value == value.to_integral_value():
            n = int(value)
            text = f"{Decimal(n) / 10000:f}".rstrip("0").rstrip(".") + "万" if n >= 10000 and n % 100 == 0 else str(n)
        else:
            text = f"{value.normalize():f}"
        text += unit
    if qualifier == Qualifier.AT_LEAST:
        return text + "以上"
    if qualifier == Qualifier.ABOUT:
        return "约" + text
    return text


@dataclass(frozen=True)
class Number:
    """A figure in the text: what it counts, the selector that gave it, and how it is written."""

    figure: Figure
    label: str
    source: str  # "indicator:funds_all", "figure:funds(mixed)", "pairing_party_totals(family).helpers" …
    qualifier: str | None = None  # None: the figure's own

    @property
    def value(self) -> Decimal:
        return self.figure.value

    @property
    def unit(self) -> str:
        return self.figure.unit

    @property
    def text(self) -> str:
        qualifier = self.figure.qualifier if self.qualifier is None else self.qualifier
        return number_text(self.figure.value, self.figure.unit, qualifier)

    def as_dict(self) -> dict:
        return {"label": self.label, "source": self.source, "text": self.text, "figure": self.figure.as_dict()}


def plain(value, unit: str, *, label: str, source: str, records: int = 1, qualifier: str = "") -> Number:
    """A Number for a count a selector gave outside Figure (a plan's target, a pairing roll-up)."""
    figure = Figure(value=Decimal(value), unit=unit, itemised=Decimal(value), records=records, qualifier=qualifier)
    return Number(figure, label, source)


Part = str | Number


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Number) else p for p in self.parts)

    @property
    def numbers(self) -> list[Number]:
        return [p for p in self.parts if isinstance(p, Number)]


def sentence(*parts: Part) -> Sentence:
    return Sentence(tuple(p for p in parts if p != ""))


@dataclass
class Section:
    heading: str
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.sentences


@dataclass
class Briefing:
    pairing: Pairing
    year: int
    title: str
    opening: list[Sentence]
    sections: list[Section]
    footer: str

    def sentences(self) -> Iterator[Sentence]:
        yield from self.opening
        for section in self.sections:
            yield from section.sentences

    @property
    def numbers(self) -> list[Number]:
        return [n for s in self.sentences() for n in s.numbers]

    def as_dict(self) -> dict:
        return {
            "pairing": self.pairing.reference, "year": self.year, "title": self.title,
            "opening": [s.text for s in self.opening],
            "sections": [{"heading": s.heading, "sentences": [t.text for t in s.sentences] or [NO_RECORDS]}
                         for s in self.sections],
            "numbers": [n.as_dict() for n in self.numbers],
            "markdown": briefing_markdown(self),
        }


# ---------------------------------------------------------------- sentences from indicator results


def _has(figure: Figure | None) -> bool:
    """A figure worth a sentence: it has a value and records (or is derived from them)."""
    if figure is None or figure.value is None:
        return False
    return bool(figure.records) or (figure.derived and figure.value > 0)


def _change(result: IndicatorResult, *, user, pairing) -> list[Part]:
    """比上年增加/减少 x — only when the year before has records of its own."""
    previous = indicator_figure(user=user, indicator=result.indicator, pairing=pairing, year=result.year - 1)
    if not _has(previous) or result.indicator.unit == "%" or result.indicator.figure in STRUCTURAL_FIGURES:
        return []
    diff = result.actual.value - previous.value
    if diff == 0:
        return ["，与上年持平"]
    change = Figure(value=abs(diff), unit=previous.unit, itemised=abs(diff), records=previous.records)
    word = "增加" if diff > 0 else "减少"
    return [f"，比上年{word}", Number(change, f"{result.indicator.name}比上年{word}", f"indicator:{result.indicator.key}@{result.year - 1}", qualifier="")]


def indicator_sentence(result: IndicatorResult, *, user, pairing) -> Sentence | None:
    """{name}{actual}，完成年度目标的{completion}，比上年增加{x}；结对以来累计{cumulative}."""
    if not _has(result.actual):
        return None
    ind = result.indicator
    parts: list[Part] = [ind.name, Number(result.actual, ind.name, f"indicator:{ind.key}")]
    if result.completion is not None and result.target is not None:
        target = plain(result.target.value, ind.unit, label=f"{ind.name}年度目标", source=f"target:{ind.key}")
        done = plain(result.completion, "%", label=f"{ind.name}完成率", source=f"completion:{ind.key}")
        parts += ["，完成年度目标（", target, "）的", done]
    parts += _change(result, user=user, pairing=pairing)
    cum = result.cumulative
    if _has(cum) and not cum.derived and cum.records > result.actual.records and cum.value != result.actual.value:
        parts += ["；结对以来累计", Number(cum, f"{ind.name}累计", f"indicator:{ind.key}:cumulative")]
    parts.append("。")
    return sentence(*parts)


# ---------------------------------------------------------------- sentences particular to a dimension


def _talent_plans(*, user, pairing, year) -> list[Sentence]:
    from shanhai.talent.selectors import pairing_quota_completion

    completions = pairing_quota_completion(user=user, pairing=pairing, year=year)
    by_plan: dict[str, list] = {}
    for c in completions:
        by_plan.setdefault(c.plan.plan_name, []).append(c)
    out = []
    for name, items in by_plan.items():
        parts: list[Part] = [f"实施{name}，每年选派"]
        for i, c in enumerate(items):
            parts += ["、" if i else "",
                      plain(c.target, "名", label=f"{name}·{c.plan.kind.name}", source=f"quota_plan:{c.plan.reference}"),
                      c.plan.activity or c.plan.kind.name]
        total = sum(c.target for c in items)
        parts += ["，共", plain(total, "名", label=f"{name}年度目标", source="quota_target_total"), "（",
                  plain(len(items), "类", label=f"{name}人才类别", source="quota_plans_for"), "）"]
        done = [c for c in items if c.known]
        if done:
            parts.append("；已登记到位")
            for i, c in enumerate(done):
                parts += ["、" if i else "", c.plan.kind.name, Number(
                    Figure(Decimal(c.done.total), "名", Decimal(c.done.itemised), Decimal(c.done.aggregate), c.done.records,
                           c.done.qualifier), f"{c.plan.kind.name}已到位", f"quota_completion:{c.plan.reference}")]
        parts.append("。")
        out.append(sentence(*parts))
    return out


def _fund_kinds(*, user, pairing, year) -> list[Sentence]:
    """按资金类别：各类帮扶资金（合计）1.2亿元，涉及项目57个 — each kind of fund the records hold, with
    its projects; a kind an indicator of the year already states is left to that indicator."""
    from shanhai.assessment.selectors import indicators_for
    from shanhai.funds.models import FundKind

    stated = {i.parameter for i in indicators_for(year=year) if i.figure == "funds" and i.parameter}
    parts: list[Part] = []
    for kind in FundKind.objects.exclude(code__in=stated):
        money = figure_compute(key="funds", user=user, pairing=pairing, period={"year": year}, parameter=kind.code)
        if not _has(money):
            continue
        projects = figure_compute(key="funded_projects_of_kind", user=user, pairing=pairing, period={"year": year},
                                  parameter=kind.code)
        parts += ["；" if parts else "", kind.name, Number(money, kind.name, f"figure:funds({kind.code})")]
        if _has(projects) and projects.value:
            parts += ["，涉及项目", Number(projects, f"{kind.name}涉及项目", f"figure:funded_projects_of_kind({kind.code})")]
    return [sentence("按资金类别：", *parts, "。")] if parts else []


def _projects(*, user, pairing, year) -> list[Sentence]:
    """Itemised projects filed under a pair of their own: what they produced and whom they reach."""
    from shanhai.projects.selectors import project_outputs, projects_for

    out = []
    for project in projects_for(user=user, pairing=pairing, year=year).filter(basis="itemised").select_related("pairing"):
        own = project.pairing
        if own is None or own.pk == pairing.pk:
            continue
        period = {"year": year}
        parts: list[Part] = [f"{project.name}（{own.display_name()}）"]
        outputs = []
        for row in project_outputs(project=project):
            what, unit = row.output.what, row.output.unit
            found = figure_compute(key="project_outputs", user=user, pairing=own, period=period, parameter=f"{unit}:{what}")
            if _has(found) and found.value:
                outputs += [what, Number(found, f"{project.name}·{what}", f"figure:project_outputs({unit}:{what})@{own.reference}")]
        if outputs:
            parts.append("：")
            for i in range(0, len(outputs), 2):
                parts += ["、" if i else "", outputs[i], outputs[i + 1]]
        households = figure_compute(key="project_beneficiaries", user=user, pairing=own, period=period,
                                    parameter="poor_households")
        persons = figure_compute(key="project_beneficiaries", user=user, pairing=own, period=period, parameter="poor_persons")
        if _has(households) and households.value:
            parts += ["，联结建档立卡贫困户", Number(households, f"{project.name}联结贫困户", f"figure:project_beneficiaries(poor_households)@{own.reference}")]
            if _has(persons) and persons.value:
                parts.append(Number(persons, f"{project.name}联结贫困人口", f"figure:project_beneficiaries(poor_persons)@{own.reference}"))
        if len(parts) > 1:
            parts.append("。")
            out.append(sentence(*parts))
    return out


def _group_kind(pairings: list[Pairing], role: str) -> tuple[str, str] | None:
    """(unit, name) of the aggregate parties on one side, when they are all of one kind (名, 党员)."""
    kinds = {
        (p.member_kind.unit, p.member_kind.name)
        for p in PairingParty.objects.filter(pairing__in=pairings, role=role, party_type=PartyType.GROUP)
        .select_related("member_kind")
    }
    return kinds.pop() if len(kinds) == 1 else None


def _itemised_names(pairings: list[Pairing], role: str) -> list[str]:
    parties = PairingParty.objects.filter(pairing__in=pairings, role=role).exclude(party_type=PartyType.GROUP)
    return [p.describe() for p in parties.select_related("organisation", "region")]


SIDE_PAIRING_KINDS = ("family", "enterprise_village", "school", "hospital")


def _pairing_kinds(*, user, pairing, year) -> list[Sentence]:
    """家庭结对：昆山市1024名党员与碧江区788户贫困户结对 — from pairing_party_totals, one sentence a kind."""
    from shanhai.pairings.models import PairingKind
    from shanhai.pairings.selectors import main_regions, pairing_party_totals, pairing_subtree

    east, west = main_regions(pairing)
    subtree = [p for p in pairing_subtree(pairing) if p.pk != pairing.pk]
    out = []
    for kind in PairingKind.objects.filter(code__in=SIDE_PAIRING_KINDS).order_by("order"):
        members = [p for p in subtree if p.kind_id == kind.pk]
        if not members:
            continue
        totals = pairing_party_totals(root=pairing, kind=kind.code)
        parts: list[Part] = [f"{kind.name}："]
        sides = ((PartyRole.HELPER, totals.helpers, "", east), (PartyRole.HELPED, totals.helped, "与", west))
        for role, side, word, region in sides:
            parts.append(word)
            names = _itemised_names(members, role)
            group = _group_kind(members, role)
            who = "helpers" if role == PartyRole.HELPER else "helped"
            label = f"{kind.name}·{'帮扶方' if role == PartyRole.HELPER else '受帮扶方'}"
            source = f"pairing_party_totals({kind.code}).{who}"
            if len(names) > 3 and group:  # 茶园山村、陈家寨村、卜口村等14个村
                parts += ["、".join(names[:3]), "等",
                          plain(side.total, group[0], label=label, source=source + ".total", records=totals.pairings),
                          group[1]]
                continue
            if len(names) > 3:
                parts += ["、".join(names[:3]), "等",
                          plain(side.itemised, "个", label=label + "（逐一登记）", source=source + ".itemised")]
            elif names:
                parts.append("、".join(names))
            if side.aggregate and group:
                if names:
                    parts.append("和")
                elif region is not None:
                    parts.append(region.name)
                parts += [plain(side.aggregate, group[0], label=label, source=source + ".aggregate",
                                records=totals.pairings), group[1]]
            elif side.aggregate:
                parts += ["和" if names else "", plain(side.aggregate, "个", label=label, source=source + ".aggregate"),
                          "单位"]
        parts.append("结对。")
        out.append(sentence(*parts))
    return out


def _deep_poverty(*, user, pairing, year) -> list[Sentence]:
    paired = figure_compute(key="coverage_paired", user=user, pairing=pairing, period={"year": year},
                            parameter="deep_poverty_villages")
    share = figure_compute(key="coverage", user=user, pairing=pairing, period={"year": year},
                           parameter="deep_poverty_villages")
    if not (_has(paired) and paired.value and share.value is not None):
        return []
    return [sentence(
        "深度贫困村", Number(paired, "已结对深度贫困村", "figure:coverage_paired(deep_poverty_villages)"),
        "已与东部结对帮扶，结对覆盖率", Number(share, "深度贫困村结对覆盖率", "figure:coverage(deep_poverty_villages)"), "。",
    )]


# Sentences a dimension says before its indicators' own (dimension code → builders).
DIMENSION_EXTRAS = {
    "talent": (_talent_plans,),
    "industry": (_projects,),
    "xiaokang": (_deep_poverty, _pairing_kinds),
}
# … and after them (the funds by kind break the indicators' total down).
DIMENSION_AFTER = {"funds": (_fund_kinds,)}
# Indicators another sentence already says: the coverage share (in _deep_poverty), the planted area
# (in the project's sentence), the towns' money kept for reconciliation (town_pair_funds says it).
SAID_BY_EXTRAS = {"deep_poverty_coverage", "planting_area", "town_pair_money"}
# Figures that do not depend on the period (pairings, coverage): no "比上年".
STRUCTURAL_FIGURES = {"paired_parties", "coverage", "coverage_paired"}


# ---------------------------------------------------------------- the briefing


def _opening(pairing: Pairing, year: int) -> list[Sentence]:
    from shanhai.pairings.selectors import main_regions, pairing_subtree

    east, west = main_regions(pairing)
    parties = f"{east.name}与{west.name}" if east and west else pairing.display_name()
    first = [f"{year}年，{parties}"]
    if pairing.start_date:
        started = pairing.start_date
        when = f"{started.year}年{started.month}月" if started.day == 1 else f"{started.year}年{started.month}月{started.day}日"
        first.append(f"深化自{when}建立的东西部{'扶贫' if year <= 2020 else ''}协作结对关系")
    else:
        first.append(f"深化东西部{'扶贫' if year <= 2020 else ''}协作结对关系")
    kinds = []
    for p in pairing_subtree(pairing):
        if p.pk != pairing.pk and p.kind.name not in kinds:
            kinds.append(p.kind.name)
    out = []
    if kinds:
        first += ["，建立", "、".join(kinds), "等",
                  plain(len(kinds), "类", label="结对类型", source="pairing_subtree.kinds"), "结对关系"]
    first.append("。")
    out.append(sentence(*first))
    if pairing.note:
        out.append(sentence(pairing.note.rstrip("。") + "。"))
    return out


def briefing_build(*, user, pairing: Pairing, year: int) -> Briefing:
    """The briefing of ``pairing`` (and every pair under it) for ``year``, as ``user`` may see it."""
    program = "东西部扶贫协作" if year <= 2020 else "东西部协作"
    title = f"{pairing.name or pairing.display_name()}{program}工作简报（{year}年）"
    results = pairing_results(user=user, pairing=pairing, year=year)
    sections = []
    for i, group in enumerate(results_by_dimension(results)):
        dimension = group.dimension
        section = Section(f"{CHINESE_ORDINALS[i] if i < 10 else i + 1}、{dimension.name}")
        for builder in DIMENSION_EXTRAS.get(dimension.code, ()):
            section.sentences += builder(user=user, pairing=pairing, year=year)
        for result in group.results:
            if result.indicator.key in SAID_BY_EXTRAS:
                continue
            found = indicator_sentence(result, user=user, pairing=pairing)
            if found is not None:
                section.sentences.append(found)
        for builder in DIMENSION_AFTER.get(dimension.code, ()):
            section.sentences += builder(user=user, pairing=pairing, year=year)
        sections.append(section)
    footer = _("本简报由台账数据生成：金额按台账登记数计，“以上”为报告数下限；无台账记录的事项不作表述。")
    return Briefing(pairing, year, title, _opening(pairing, year), sections, footer)


# ---------------------------------------------------------------- renderings of the one structure


def briefing_markdown(briefing: Briefing) -> str:
    """One paragraph a sentence (a blank line between), as the .docx has one paragraph a sentence."""
    blocks = [f"# {briefing.title}"]
    blocks += [s.text for s in briefing.opening]
    for section in briefing.sections:
        blocks.append(f"## {section.heading}")
        blocks += [s.text for s in section.sentences] or [NO_RECORDS]
    blocks += ["---", briefing.footer]
    return "\n\n".join(blocks) + "\n"


def sentence_html(s: Sentence) -> SafeString:
    out = []
    for part in s.parts:
        if isinstance(part, Number):
            out.append(
                f'<span class="figure" title="{escape(part.label)} · {escape(part.figure.basis_text)}" '
                f'data-source="{escape(part.source)}" data-value="{escape(f"{part.value:f}")}" '
                f'data-unit="{escape(part.unit)}">{escape(part.text)}</span>'
            )
        else:
            out.append(escape(part))
    return mark_safe("".join(out))


def briefing_docx(briefing: Briefing) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "SimSun"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    heading = doc.add_heading(briefing.title, level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for s in briefing.opening:
        doc.add_paragraph(s.text)
    for section in briefing.sections:
        doc.add_heading(section.heading, level=1)
        for s in section.sentences or [Sentence((NO_RECORDS,))]:
            doc.add_paragraph(s.text)
    doc.add_paragraph(briefing.footer).runs[0].italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_text(content: bytes) -> str:
    """The text of a .docx, paragraph by paragraph (to read a briefing back)."""
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


# Figures in a briefing's text: a number with its unit (1.2亿元, 1.3万个以上, 1024名, 100%).
NUMBER_PATTERN = re.compile(
    r"(\d+(?:\.\d+)?)(亿|万)?(元|人次|人|户|个|名|所|家|亩|株|次|类|项|张|吨|斤|公斤|平方公里|公里|场|期|%)"
)


def numbers_in(text: str) -> list[tuple[Decimal, str]]:
    """(value, unit) for every figure in ``text``, 万/亿 multiplied out: '1.2亿元' → (120000000, '元')."""
    out = []
    for digits, scale, unit in NUMBER_PATTERN.findall(text):
        value = Decimal(digits) * {"亿": 100_000_000, "万": 10_000, "": 1}[scale]
        out.append((value, unit))
    return out
