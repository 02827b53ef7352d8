"""The work briefing (工作简报) of a pair for a year, written from the data.

A briefing is a structure — a title, an opening, one section per dimension — whose sentences are
made of text and ``Number`` parts; each Number holds the ``Figure`` it was written from and where
it comes from (a record's own field, ``fund:KS-BJ-FUND-ALL.amount``, or a selector:
``indicator:funds_all``, ``pairing_party_totals(family).helpers`` …). HTML, Markdown and .docx are
renderings of the same structure, so every figure in the text can be checked against its source.

Each dimension first tells its records, one sentence a record (agreements by title and date, talent
by kind and name, funds by kind, projects by category with their reach, firms, labour by destination
and outcome, donations by donor …): every recorded figure once, with its own qualifier (以上、余、约、
近、不足), a span as a span ("2017—2019年累计"), an expected figure as 预计, a part after its total as
"其中". Then the indicators' totals, where they add several records (a total one record gives is not
said twice), with the completion of a target only where a source states the target (never the
indicator set's 统一目标值 nor a target read off the achievement). A record's or a pairing's 备注 is
the office's own and never printed. A sentence writes all its amounts in one unit.

The .docx is written with docxtpl into a Word template: the default in templates/docx/briefing.docx
(A4, 方正小标宋简体/黑体 title, 仿宋_GB2312 body at 16 pt, 第X期, issuing office and date, page
numbers, 报/送; written by scripts/make_briefing_template.py), or an office's own named by the setting
``SHANHAI_BRIEFING_TEMPLATE`` (see ``briefing_template``). The .md says the same, paragraph for paragraph.
"""

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

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


NUMBER_AND_UNIT = re.compile(r"^(-?[\d.,]+(?:万|亿)?)(.*)$")


MONEY_UNITS = ("元", "万元", "亿元")


def money_unit(value: Decimal) -> str:
    """The unit an amount (元) is written in on its own: the largest that shows it exactly (1.2亿元, 12,750万元)."""
    return format_money(int(value * 100)).rsplit(" ", 1)[-1]


def number_text(value: Decimal, unit: str, qualifier: str = "", *, money_in: str = "auto") -> str:
    """1.2亿元, 700万元以上, 1.3万个以上, 1024名, 100%, 约10个, 300余亩, 102万余元, 近10个, 不足5人.

    ``money_in`` forces an amount's unit (元/万元/亿元): a sentence writes all its amounts in one."""
    if unit == MONEY_UNIT:
        text = format_money(int(value * 100), money_in).replace(" ", "")
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
    if qualifier == Qualifier.OVER:  # 余 stands between the number (with its 万/亿) and the unit
        number, rest = NUMBER_AND_UNIT.match(text).groups()
        return f"{number}余{rest}"
    if qualifier == Qualifier.ABOUT:
        return "约" + text
    if qualifier == Qualifier.NEARLY:
        return "近" + text
    if qualifier == Qualifier.UNDER:
        return "不足" + text
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
        return self.text_in("auto")

    def text_in(self, money_in: str) -> str:
        qualifier = self.figure.qualifier if self.qualifier is None else self.qualifier
        return number_text(self.figure.value, self.figure.unit, qualifier, money_in=money_in)

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
    def money_in(self) -> str:
        """One unit for every amount of the sentence ("1.27亿元" never beside "12,750万元"): the
        smallest any of them needs to be written exactly."""
        units = [money_unit(n.value) for n in self.numbers if n.unit == MONEY_UNIT]
        return min(units, key=MONEY_UNITS.index) if units else "auto"

    def texts(self) -> list[str]:
        """Each part's text as the sentence writes it."""
        money_in = self.money_in
        return [p.text_in(money_in) if isinstance(p, Number) else p for p in self.parts]

    @property
    def text(self) -> str:
        return "".join(self.texts())

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


@dataclass(frozen=True)
class Issue:
    """What makes a briefing an issue an office sends: its number (第X期), the issuing office (the
    briefing's own when left empty), the date and the 报/送 lines (the briefing's when empty)."""

    number: int = 1
    office: str = ""
    date: datetime.date | None = None
    report_to: str = ""
    send_to: str = ""
    masthead: str = "东西部协作工作简报"

    @property
    def date_text(self) -> str:
        from django.utils import timezone

        d = self.date or timezone.localdate()
        return f"{d.year}年{d.month}月{d.day}日"


ISSUE_TEXT_MAX = 200


def briefing_issue(*, number="", office: str = "", date="", report_to: str = "", send_to: str = "") -> Issue:
    """An Issue from what a form, a query string or a command gives (text); a wrong one is a
    ValueError whose message says what is accepted."""
    number = str(number or "").strip()
    if number and not (number.isdigit() and 1 <= int(number) <= 9999):
        raise ValueError(f"期数须为 1 至 9999 的整数：{number}")
    when = None
    if str(date or "").strip():
        try:
            when = datetime.date.fromisoformat(str(date).strip())
        except ValueError:
            raise ValueError(f"日期须写作 2019-12-20：{date}") from None
    texts = {"office": office, "report_to": report_to, "send_to": send_to}
    labels = {"office": "发文单位", "report_to": "报", "send_to": "送"}
    for name, text in texts.items():
        if len(text or "") > ISSUE_TEXT_MAX or "\x00" in (text or ""):
            raise ValueError(f"{labels[name]}过长（至多 {ISSUE_TEXT_MAX} 字）或含无效字符")
    return Issue(number=int(number) if number else 1, date=when,
                 **{k: re.sub(r"\s+", " ", v or "").strip() for k, v in texts.items()})


@dataclass
class Briefing:
    pairing: Pairing
    year: int
    title: str
    opening: list[Sentence]
    sections: list[Section]
    footer: str
    office: str = ""  # who issues it: the reader's office, else the office keeping the pair
    report_to: str = ""  # 报：
    send_to: str = ""  # 送：

    def sentences(self) -> Iterator[Sentence]:
        yield from self.opening
        for section in self.sections:
            yield from section.sentences

    @property
    def numbers(self) -> list[Number]:
        return [n for s in self.sentences() for n in s.numbers]

    def as_dict(self, issue: Issue | None = None) -> dict:
        issue = issue or Issue()
        return {
            "pairing": self.pairing.reference, "year": self.year, "title": self.title,
            "issue": issue.number, "office": issue.office or self.office, "date": issue.date_text,
            "report_to": issue.report_to or self.report_to, "send_to": issue.send_to or self.send_to,
            "opening": [s.text for s in self.opening],
            "sections": [{"heading": s.heading, "sentences": [t.text for t in s.sentences] or [NO_RECORDS]}
                         for s in self.sections],
            "numbers": [{**part.as_dict(), "text": text} for s in self.sentences()
                        for part, text in zip(s.parts, s.texts(), strict=True) if isinstance(part, Number)],
            "markdown": briefing_markdown(self, issue),
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


def stated_target(target) -> bool:
    """A target a source states for the pair (or the pairs under it): the only one called 年度目标.
    The indicator set's 统一目标值 and a target read off the achievement it scores are not."""
    if target is None:
        return False
    if hasattr(target, "is_pairs_plan"):
        return target.is_pairs_plan
    return bool(target.parts)  # a default target counts no part of the pair's own


def _key(number: Number) -> tuple:
    return (number.value, number.unit, number.figure.qualifier if number.qualifier is None else number.qualifier)


def indicator_sentence(result: IndicatorResult, *, user, pairing, told: set | None = None) -> Sentence | None:
    """{name}{actual}，完成年度目标的{completion}，比上年增加{x}；结对以来累计{cumulative}.

    ``told``: the figures the section's records already say; an actual that one record gives and
    that record says is not said again (the target's completion still is)."""
    if not _has(result.actual):
        return None
    ind = result.indicator
    actual = Number(result.actual, ind.name, f"indicator:{ind.key}")
    repeated = told is not None and _key(actual) in told and result.actual.records <= 1
    stated = result.completion is not None and stated_target(result.target)
    if ind.figure in TOLD_BY_RECORDS or repeated:
        if not stated:
            return None
        parts: list[Part] = [ind.name]
    else:
        parts = [ind.name, actual]
    if stated:
        target = plain(result.target.value, ind.unit, label=f"{ind.name}年度目标", source=f"target:{ind.key}")
        done = plain(result.completion, "%", label=f"{ind.name}完成率", source=f"completion:{ind.key}")
        parts += ["，完成年度目标（" if len(parts) > 1 else "完成年度目标（", target, "）的", done]
    if len(parts) > 1 and isinstance(parts[1], Number):
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


# The pairings under a pair told kind by kind, with who is paired with whom on both sides (鄞州区16个
#镇（街道）与普安县14个乡镇结对): the coverage indicators count one side only.
SIDE_PAIRING_KINDS = ("town", "village", "poor_village", "department", "park", "enterprise_village",
                      "government_enterprise", "school", "hospital", "family", "social_force", "chamber_village")


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
                          plain(side.itemised, "个", label=label + "（逐一登记）", source=source + ".itemised"),
                          "" if side.aggregate and group else "单位"]
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


# ---------------------------------------------------------------- every record, told one by one
#
# What the indicators add up, the records tell: each recorded figure once, with its own qualifier,
# its years when it spans several ("2017—2019年累计"), "预计" when it is expected rather than
# achieved, and "其中" when it is part of a total told just before it. A record's 备注 is the
# office's own and never printed.


def _subtree(pairing: Pairing) -> list[int]:
    from shanhai.pairings.selectors import pairing_subtree_ids

    return pairing_subtree_ids(pairing)


def _in_period(model, *, user, pairing, year, year_field: str = "year", standing: bool = False):
    """The records of ``model`` filed under the pair's subtree for ``year`` that ``user`` may see;
    ``standing``: a structure (a park, a station) told every year from the one it was set up, and
    every year when that year is not recorded."""
    from django.db.models import Q

    qs = model.objects.visible_to(user).filter(pairing__in=_subtree(pairing))
    if standing:
        return qs.filter(Q(**{f"{year_field}__isnull": True}) | Q(**{f"{year_field}__lte": year}))
    # A record whose year is not recorded is told too ("年度未载"), never silently dropped.
    return qs.filter(Q(**{year_field: year}) | Q(**{f"{year_field}__isnull": True}))


def _with_parts(records) -> list:
    """Totals each followed by their parts (其中), the rest in the order given."""
    records = list(records)
    pks = {r.pk for r in records}
    parts: dict[int, list] = {}
    for r in records:
        if getattr(r, "part_of_id", None) in pks:
            parts.setdefault(r.part_of_id, []).append(r)
    out = []

    def add(r):
        out.append(r)
        for child in parts.get(r.pk, []):
            add(child)

    for r in records:
        if getattr(r, "part_of_id", None) not in pks:
            add(r)
    return out


def _figure(record, field: str, unit: str, label: str) -> Number | None:
    """A Number for one of a record's own numbers, with that number's qualifier; None when not given."""
    from shanhai.core.money import MoneyField

    value = getattr(record, field, None)
    if value in (None, ""):
        return None
    if isinstance(record._meta.get_field(field), MoneyField):
        value, unit = Decimal(value) / 100, MONEY_UNIT
    qualifier = record.qualifier_for(field) if hasattr(record, "qualifier_for") else ""
    name = getattr(record, "reference", None) or f"#{record.pk}"
    return plain(value, unit, label=label, source=f"{record._meta.model_name}:{name}.{field}", qualifier=qualifier)


def _when(record, field: str, after: str = "，") -> str:
    """A record's date as precisely as it is known, as a sentence opens with it: 2019年3月5日，
    2019年3月，2019年，"""
    date = getattr(record, field, None)
    if date is None:
        return ""
    precision = (getattr(record, "precisions", None) or {}).get(field, "day")
    if precision == "year":
        return f"{date.year}年{after}"
    if precision == "month":
        return f"{date.year}年{date.month}月{after}"
    return f"{date.year}年{date.month}月{date.day}日{after}"


def _lead(record, parts_told: set) -> list[Part]:
    """What a record's sentence starts with: 其中 for a part, its years for a span."""
    lead: list[Part] = []
    if getattr(record, "part_of_id", None) in parts_told:
        lead.append("其中，")
    if getattr(record, "is_span", False):
        lead.append(f"{record.year_from}—{record.year}年累计，")
    elif "year" in {f.name for f in record._meta.concrete_fields} and getattr(record, "year", 0) is None:
        lead.append("（年度未载）")
    return lead


def _expected(record) -> str:
    from shanhai.core.records import Stage

    return "预计" if getattr(record, "stage", "") == Stage.EXPECTED else ""


def _say(records, describe) -> list[Sentence]:
    """One sentence a record, totals before their parts; ``describe(record)`` gives its parts."""
    out, told = [], set()
    for record in _with_parts(records):
        parts = describe(record)
        if not parts:
            continue
        told.add(record.pk)
        out.append(sentence(*_lead(record, told - {record.pk}), *parts, "。"))
    return out


def _joined(pairs: list[tuple[str, Number | None]], sep: str = "，") -> list[Part]:
    """'受益乡镇3个，受益村5个' from (words, number) pairs whose number is given."""
    out: list[Part] = []
    for words, number in pairs:
        if number is None:
            continue
        out += [sep if out else "", words, number]
    return out


def _agreements(*, user, pairing, year) -> list[Sentence]:
    """签订《title》（date）: agreements signed that year, by title and date."""
    from django.db.models import Q

    from shanhai.agreements.models import Agreement

    qs = Agreement.objects.visible_to(user).filter(pairing__in=_subtree(pairing)).filter(
        Q(year=year) | Q(year__isnull=True, signed_on__year=year)).order_by("signed_on", "reference")
    out = []
    for a in qs:
        out.append(sentence(_when(a, "signed_on"), a.parties or "", "签订", f"《{a.title.strip('《》')}》", "。"))
    return out


def _leading_groups(*, user, pairing, year) -> list[Sentence]:
    """区委、区政府成立…领导小组（2018年3月），组长…，办公室设在…: each side's leading group, told in
    the year it was set up (or every year when the report gives no year)."""
    from django.db.models import Q

    from shanhai.agreements.selectors import leading_groups_for

    out = []
    for g in leading_groups_for(user=user, pairing=pairing).filter(Q(year=year) | Q(year__isnull=True)):
        parts: list[Part] = [_when(g, "set_up_on"), "成立", g.name]
        if g.leader:
            parts.append(f"，{g.leader}任组长")
        if g.composition:
            parts.append(f"，{g.composition.rstrip('。')}")
        members = _figure(g, "member_units", "个", f"{g.name}成员单位")
        if members is not None and str(g.member_units) not in (g.composition or ""):
            parts += ["，成员单位", members]
        if g.office:
            parts.append(f"，办公室设在{g.office}")
        parts.append("。")
        out.append(sentence(*parts))
    return out


def _visits(*, user, pairing, year) -> list[Sentence]:
    from shanhai.exchanges.models import Visit

    def describe(v):
        when = _when(v, "start_date")
        who = v.name or f"{v.east_party or ''}{v.west_party or ''}"
        words = "赴西部" if v.direction == "east_to_west" else "赴东部"
        parts: list[Part] = [when, who]
        if v.leader:
            parts.append(f"（{v.leader}带队）")
        parts.append(f"{words}考察对接")
        parts += _joined([("，", _figure(v, "trips", "批次", f"{who}批次")),
                          ("，", _figure(v, "person_times", "人次", f"{who}人次")),
                          ("，团组", _figure(v, "people", "人", f"{who}人数"))], sep="")
        return parts

    return _say(_in_period(Visit, user=user, pairing=pairing, year=year).order_by("start_date", "reference"), describe)


def _meetings(*, user, pairing, year) -> list[Sentence]:
    from shanhai.exchanges.models import JointMeeting

    def describe(m):
        parts: list[Part] = [_when(m, "date"), "召开", m.name or "联席会议"]
        parts += _joined([("，", _figure(m, "sessions", "次", f"{m.name}次数")),
                          ("，参会", _figure(m, "participants_count", "人", f"{m.name}参会人数"))], sep="")
        return parts

    return _say(_in_period(JointMeeting, user=user, pairing=pairing, year=year).order_by("date", "reference"), describe)


def _placements(*, user, pairing, year) -> list[Sentence]:
    """Talent by kind, each record as it is: a named cadre by name and post, a count as a count —
    a seconded cadre and two village cadres are never one "3人"."""
    from shanhai.talent.models import TalentPlacement

    def describe(t):
        kind = t.kind.name
        # the sending side names itself: 鄞州区选派…赴西部, 普安县选派…赴东部
        if t.direction == "east_to_west":
            parts: list[Part] = [f"{t.east_party or ''}选派{kind}"]
        else:
            parts = [f"{t.west_party or ''}选派{kind}赴东部"]
        if t.person_name:
            parts.append(t.person_name)
            if t.post:
                parts.append(f"（{t.post}）")
        else:
            count = _figure(t, "persons", "名", f"{kind}人数")
            if count is None:
                return []
            parts += [count] + ([f"（{t.post}）"] if t.post else [])
        return parts

    qs = _in_period(TalentPlacement, user=user, pairing=pairing, year=year).select_related("kind")
    return _say(qs.order_by("kind__order", "reference"), describe)


def _trainings(*, user, pairing, year) -> list[Sentence]:
    from shanhai.talent.models import TrainingBatch

    def describe(t):
        topic = t.topic or "培训"
        parts: list[Part] = [_when(t, "start_date"), t.organiser or "", f"举办{topic}"]
        figures = _joined([("", _figure(t, "batches", "期", f"{topic}期数")),
                           ("，培训", _figure(t, "persons", "人", f"{topic}人数")),
                           ("，培训", _figure(t, "person_times", "人次", f"{topic}人次")),
                           ("，其中贫困人口", _figure(t, "poor_persons", "人", f"{topic}贫困人口"))], sep="")
        return parts + figures

    return _say(_in_period(TrainingBatch, user=user, pairing=pairing, year=year).order_by("start_date", "reference"), describe)


def _funds(*, user, pairing, year) -> list[Sentence]:
    """Each fund by kind, with its amount, the projects it carries and whom it reaches."""
    from shanhai.funds.models import Fund

    def describe(f):
        title = f.title or f.kind.name
        amount = _figure(f, "amount", MONEY_UNIT, title)
        parts: list[Part] = [f"{f.kind.name}：" if f.title and f.kind.name not in f.title else "", title]
        parts += _joined([("", amount), ("，涉及项目", _figure(f, "project_count", "个", f"{title}项目")),
                          ("，受益建档立卡贫困户", _figure(f, "poor_households", "户", f"{title}贫困户")),
                          ("，受益建档立卡贫困人口", _figure(f, "poor_persons", "人", f"{title}贫困人口"))], sep="")
        return parts if len(parts) > 2 else []

    qs = _in_period(Fund, user=user, pairing=pairing, year=year).select_related("kind")
    return _say(qs.order_by("kind__order", "reference"), describe)


def _project_list(*, user, pairing, year) -> list[Sentence]:
    """Projects by category with their reach (towns, villages, households, persons, of them poor)
    and what they produced (138亩, 1.8万株), each figure with its own qualifier."""
    from shanhai.projects.models import Project, ProjectOutput

    def describe(p):
        parts: list[Part] = [f"{p.category.name}项目" if p.category_id else "", f"“{p.name}”"]
        count = _figure(p, "project_count", "个", f"{p.name}项目数")
        if count is not None:
            parts += ["共", count]
        outputs = []
        for o in ProjectOutput.objects.filter(project=p).order_by("pk"):
            found = _figure(o, "quantity", o.unit, f"{p.name}·{o.what}")
            if found is not None:
                # An output's qualifier: its own where the output keeps one, else the project's
                # qualifiers under "outputs.<what>" ("300余亩" of 茶叶种植).
                own = getattr(o, "qualifier", None) or p.qualifier_for(f"outputs.{o.what}")
                found = plain(found.value, found.unit, label=found.label, source=found.source, qualifier=own or "")
                outputs += ["、" if outputs else "", f"{_expected(o)}{o.what}", found]
        if outputs:
            parts += ["：", *outputs]
        whole = p.households is not None or p.persons is not None
        reach = _joined([
            ("受益乡镇", _figure(p, "towns", "个", f"{p.name}受益乡镇")),
            ("受益村", _figure(p, "villages", "个", f"{p.name}受益村")),
            ("受益户", _figure(p, "households", "户", f"{p.name}受益户")),
            ("受益人口", _figure(p, "persons", "人", f"{p.name}受益人口")),
        ])
        poor = _joined([
            ("其中建档立卡贫困户" if whole else "受益建档立卡贫困户", _figure(p, "poor_households", "户", f"{p.name}贫困户")),
            ("贫困人口", _figure(p, "poor_persons", "人", f"{p.name}贫困人口")),
        ], sep="、")
        if poor:
            reach += ["，" if reach else "", *poor]
        if reach:
            parts += ["，" + _expected(p), *reach]
        return parts

    qs = _in_period(Project, user=user, pairing=pairing, year=year).select_related("category")
    return _say(qs.order_by("category__order", "reference"), describe)


def _enterprises(*, user, pairing, year) -> list[Sentence]:
    """Firms brought west: named firms by name, a count as a count; investment and jobs, expected
    apart from achieved."""
    from shanhai.industry.models import WestEnterprise

    def describe(e):
        expected = _expected(e)
        count = _figure(e, "count", "家", f"{e.name}企业数")
        parts: list[Part] = ["引进", e.name]
        if count is not None and (e.basis == "aggregate" or count.value != 1):
            parts += ["（", count, "）"]
        if e.sector:
            parts.append(f"（{e.sector}）")
        figures = _joined([("协议投资", _figure(e, "pledged_investment", MONEY_UNIT, f"{e.name}协议投资")),
                           ("实际到位投资", _figure(e, "actual_investment", MONEY_UNIT, f"{e.name}到位投资")),
                           (f"{expected}带动就业", _figure(e, "jobs", "人", f"{e.name}带动就业")),
                           ("其中贫困人口", _figure(e, "poor_employed", "人", f"{e.name}带动贫困人口就业"))])
        return parts + (["，", *figures] if figures else [])

    return _say(_in_period(WestEnterprise, user=user, pairing=pairing, year=year).order_by("reference"), describe)


def _parks(*, user, pairing, year) -> list[Sentence]:
    from shanhai.industry.models import Park

    def describe(p):
        parts: list[Part] = [f"{p.east_party or ''}与{p.west_party or ''}共建{p.name}" if p.east_party and p.west_party
                             else f"共建{p.name}"]
        parts += _joined([("，先行启动区", _figure(p, "start_area", "平方公里", f"{p.name}先行启动区")),
                          (f"，成立{p.company_name or '开发公司'}（注册资本", _figure(p, "company_capital", MONEY_UNIT, f"{p.name}开发公司注册资本"))], sep="")
        if p.company_capital:
            parts.append("）")
        return parts

    qs = _in_period(Park, user=user, pairing=pairing, year=year, year_field="started_year", standing=True)
    return _say(qs.order_by("reference"), describe)


def _jobs_offered(*, user, pairing, year) -> list[Sentence]:
    from shanhai.labour.models import JobsOffered

    def describe(j):
        jobs = _figure(j, "jobs", "个", f"{j.offered_by}提供岗位")
        if jobs is None:
            return []
        return [j.offered_by, "每年" if j.per_year else "", f"向{j.offered_to}" if j.offered_to else "",
                f"{_expected(j)}提供就业岗位", jobs]

    return _say(_in_period(JobsOffered, user=user, pairing=pairing, year=year).order_by("reference"), describe)


def _transports(*, user, pairing, year) -> list[Sentence]:
    from shanhai.labour.models import OrganisedTransport

    def describe(t):
        to = t.to_place or (t.to_region.name if t.to_region_id else "")
        parts: list[Part] = [_when(t, "date"), t.name or "", f"组织劳动力赴{to}" if to else "组织劳动力输送"]
        parts += _joined([("", _figure(t, "batches", "批", f"{t.name}批次")),
                          ("，输送", _figure(t, "workers", "人", f"{t.name}输送人数")),
                          ("，其中建档立卡贫困人口", _figure(t, "poor_workers", "人", f"{t.name}贫困人口"))], sep="")
        if t.employer_name:
            parts.append(f"到{t.employer_name}就业")
        return parts

    qs = _in_period(OrganisedTransport, user=user, pairing=pairing, year=year).select_related("to_region")
    return _say(qs.order_by("date", "reference"), describe)


def _employment(*, user, pairing, year) -> list[Sentence]:
    """Workers by destination and outcome."""
    from shanhai.labour.models import EmploymentOutcome

    def describe(e):
        where = e.destination_place or e.destination.name
        parts: list[Part] = [e.origin or "", f"劳动力{_expected(e)}到{where}", f"{e.employer_name}" if e.employer_name else "",
                             "就业"]
        parts += _joined([("", _figure(e, "workers", "人", f"{where}就业人数")),
                          ("其中建档立卡贫困劳动力", _figure(e, "poor_workers", "人", f"{where}贫困劳动力"))])
        if e.months_kept:
            parts += ["，在岗", _figure(e, "months_kept", "个月", f"{where}在岗月数")]
        if e.reported_stable:
            parts.append("，稳定就业")
        return parts

    qs = _in_period(EmploymentOutcome, user=user, pairing=pairing, year=year).select_related("destination")
    return _say(qs.order_by("reference"), describe)


def _job_fairs(*, user, pairing, year) -> list[Sentence]:
    from shanhai.labour.models import JobFair

    def describe(f):
        name = f.name or "招聘会"
        parts: list[Part] = [_when(f, "date"), f"举办{name}"]
        figures = _joined([("", _figure(f, "sessions", "场", f"{name}场次")) if hasattr(f, "sessions") else ("", None),
                           ("参与企业", _figure(f, "employers", "家", f"{name}参与企业")),
                           ("提供岗位", _figure(f, "jobs_offered", "个", f"{name}岗位")),
                           ("求职", _figure(f, "attendees", "人", f"{name}求职人数")),
                           ("达成意向", _figure(f, "signed", "人", f"{name}达成意向"))])
        return parts + (["，", *figures] if figures else [])

    return _say(_in_period(JobFair, user=user, pairing=pairing, year=year).order_by("date", "reference"), describe)


def _stations(*, user, pairing, year) -> list[Sentence]:
    from shanhai.labour.models import LabourStation

    def describe(s):
        when = _when(s, "opened_on") or (f"{s.opened_year}年，" if s.opened_year else "")
        return [when, f"设立{s.name}", f"（{s.place}）" if s.place else ""]

    qs = _in_period(LabourStation, user=user, pairing=pairing, year=year, year_field="opened_year", standing=True)
    return _say(qs.order_by("reference"), describe)


def _donations(*, user, pairing, year) -> list[Sentence]:
    """Donations by donor, with their value (an in-kind gift unvalued is named, not summed)."""
    from shanhai.social.models import Donation

    def describe(d):
        amount = _figure(d, "amount", MONEY_UNIT, f"{d.donor_name}捐赠")
        what = "捐赠" + (d.items if d.items else "")
        parts: list[Part] = [_when(d, "date"), d.donor_name, f"向{d.recipient_name}" if d.recipient_name else "", what]
        if amount is not None:
            parts += ["，价值" if d.items else "", amount]
        if d.purpose:
            parts.append(f"，用于{d.purpose}")
        return parts

    return _say(_in_period(Donation, user=user, pairing=pairing, year=year).order_by("date", "reference"), describe)


def _sales(*, user, pairing, year) -> list[Sentence]:
    from shanhai.consumption.models import Sale

    def describe(s):
        parts: list[Part] = [s.producer_name or "", f"向{s.buyer_name}" if s.buyer_name else "", f"销售{s.product}"]
        parts += _joined([("", _figure(s, "quantity", s.unit or "", f"{s.product}数量") if s.unit else None),
                          ("，金额", _figure(s, "amount", MONEY_UNIT, f"{s.product}销售额")),
                          ("，带动贫困人口", _figure(s, "poor_people_driven", "人", f"{s.product}带动贫困人口"))], sep="")
        return parts if len(parts) > 2 else []

    return _say(_in_period(Sale, user=user, pairing=pairing, year=year).order_by("reference"), describe)


def _credit_lines(*, user, pairing, year) -> list[Sentence]:
    from django.db.models import Q

    from shanhai.industry.models import ParkCreditLine

    def describe(c):
        amount = _figure(c, "amount", MONEY_UNIT, f"{c.provider_name}授信")
        if amount is None:
            return []
        return [_when(c, "date"), c.provider_name, f"为{c.park.name}" if c.park_id else "", "提供授信额度", amount,
                f"，用于{c.purpose}" if c.purpose else ""]

    qs = ParkCreditLine.objects.visible_to(user).filter(park__pairing__in=_subtree(pairing)).select_related("park")
    qs = qs.filter(Q(year=year) | Q(year__isnull=True))
    return _say(qs.order_by("reference"), describe)


def _order_classes(*, user, pairing, year) -> list[Sentence]:
    from shanhai.labour.models import OrderClass

    def describe(o):
        who = "与".join(n for n in (o.school_name, o.employer_name) if n)
        parts: list[Part] = [who, "合作" if who else "", f"开设“{o.name.strip('“”')}”"]
        parts += _joined([("，招收学生", _figure(o, "students", "人", f"{o.name}学生")),
                          ("，其中建档立卡贫困学生", _figure(o, "poor_students", "人", f"{o.name}贫困学生"))], sep="")
        return parts

    return _say(_in_period(OrderClass, user=user, pairing=pairing, year=year).order_by("reference"), describe)


def _host_classes(*, user, pairing, year) -> list[Sentence]:
    from shanhai.edu_health.models import HostClass

    def describe(h):
        parts: list[Part] = [f"{h.school.name}" if h.school_id else "", f"开办{h.name}"]
        parts += _joined([("，在读学生", _figure(h, "students", "人", f"{h.name}学生")),
                          ("，其中建档立卡贫困学生", _figure(h, "poor_students", "人", f"{h.name}贫困学生"))], sep="")
        if h.free_tuition:
            parts.append("，免费就读")
        return parts

    qs = _in_period(HostClass, user=user, pairing=pairing, year=year).select_related("school")
    return _say(qs.order_by("reference"), describe)


def _promotions(*, user, pairing, year) -> list[Sentence]:
    from shanhai.exchanges.models import PromotionEvent

    def describe(e):
        parts: list[Part] = [_when(e, "start_date"), e.organiser or "", f"在{e.place}" if e.place else "", f"举办{e.name}"]
        parts += _joined([("，共", _figure(e, "sessions", "场", f"{e.name}场次")),
                          ("，签订协议", _figure(e, "agreements", "项", f"{e.name}协议数"))], sep="")
        return parts

    return _say(_in_period(PromotionEvent, user=user, pairing=pairing, year=year).order_by("start_date", "reference"),
                describe)


def _distribution(*, user, pairing, year) -> list[Sentence]:
    from shanhai.consumption.models import DistributionContract

    def describe(d):
        parts: list[Part] = [d.event and f"{d.event}期间，" or "", d.seller_name or "", "与"]
        count = _figure(d, "buyer_count", "家", f"{d.seller_name}经销企业")
        parts += [d.buyer_names] if d.buyer_names else ([count, "经销企业"] if count is not None else ["经销企业"])
        if d.buyer_names and count is not None:
            parts += ["（", count, "）"]
        parts.append(f"签订{d.product}经销合同" if d.product else "签订经销合同")
        amount = _figure(d, "amount", MONEY_UNIT, f"{d.seller_name}合同金额")
        if amount is not None:
            parts += ["，合同金额", amount]
        return parts

    return _say(_in_period(DistributionContract, user=user, pairing=pairing, year=year).order_by("reference"), describe)


def _channels(*, user, pairing, year) -> list[Sentence]:
    from shanhai.consumption.models import SalesChannel

    def describe(c):
        count = _figure(c, "count", "个", f"{c.name}个数")
        parts: list[Part] = [c.operator_name or "", f"在{c.place}" if c.place else "", "设立", c.name]
        if count is not None and (c.basis == "aggregate" or count.value != 1) and count.text not in c.name:
            parts += ["（", count, "）"]
        parts += _joined([("，预计年销售", _figure(c, "expected_tonnes_per_year", "吨", f"{c.name}预计年销售")),
                          ("，预计带动", _figure(c, "expected_people", "人", f"{c.name}预计带动"))], sep="")
        return parts

    qs = _in_period(SalesChannel, user=user, pairing=pairing, year=year, year_field="opened_year", standing=True)
    return _say(qs.order_by("reference"), describe)


def _charity_funds(*, user, pairing, year) -> list[Sentence]:
    """Charity funds, a fund's sub-funds named under it."""
    from shanhai.social.models import CharityFund

    qs = _in_period(CharityFund, user=user, pairing=pairing, year=year, year_field="established_year", standing=True)
    funds = list(qs.order_by("reference"))
    children: dict[int, list[str]] = {}
    for f in funds:
        if f.parent_id:
            children.setdefault(f.parent_id, []).append(f.name)
    out = []
    for f in funds:
        if f.parent_id in {g.pk for g in funds}:
            continue
        founders = "、".join(n for n in (f.east_founder, f.west_founder) if n)
        parts: list[Part] = [_when(f, "established_on"), founders, "共同" if founders else "", f"设立“{f.name.strip('“”')}”"]
        if children.get(f.pk):
            parts.append(f"，下设{'、'.join(children[f.pk])}")
        out.append(sentence(*parts, "。"))
    return out


def _scholarships(*, user, pairing, year) -> list[Sentence]:
    from shanhai.social.models import Scholarship

    def describe(s):
        parts: list[Part] = [s.donor_name or "", "出资"]
        capital = _figure(s, "capital", MONEY_UNIT, f"{s.name}出资额")
        parts += [capital] if capital is not None else []
        parts.append(f"设立“{s.name.strip('“”')}”")
        parts += _joined([("，资助学生", _figure(s, "students_supported", "人", f"{s.name}资助学生")),
                          ("，组织", _figure(s, "camp_students", "名", f"{s.name}夏令营学生"))], sep="")
        if s.camp_students:
            parts.append(f"贫困学生到{s.camp_place}参加夏令营" if s.camp_place else "贫困学生参加夏令营")
        return parts

    qs = _in_period(Scholarship, user=user, pairing=pairing, year=year, year_field="established_year", standing=True)
    return _say(qs.order_by("reference"), describe)


def _care_centres(*, user, pairing, year) -> list[Sentence]:
    from shanhai.social.models import CareCentre

    def describe(c):
        parts: list[Part] = [c.funder_name or "", "出资" if c.funder_name else ""]
        cost = _figure(c, "cost", MONEY_UNIT, f"{c.name}建设投入")
        parts += [cost] if cost is not None else []
        parts.append(f"建设{c.name}")
        parts += _joined([("，到中心就餐老人", _figure(c, "dining_elders", "人", f"{c.name}就餐老人")),
                          ("，送餐到家老人", _figure(c, "home_delivery_elders", "人", f"{c.name}送餐老人"))], sep="")
        return parts

    qs = _in_period(CareCentre, user=user, pairing=pairing, year=year, year_field="built_year", standing=True)
    return _say(qs.order_by("reference"), describe)


# The records each dimension tells (dimension code → builders), before its indicators' totals.
DIMENSION_RECORDS = {
    "leadership": (_leading_groups, _agreements, _meetings, _visits, _promotions),
    "talent": (_placements, _trainings),
    "funds": (_funds, _project_list),
    "industry": (_parks, _credit_lines, _enterprises),
    "labour": (_stations, _jobs_offered, _job_fairs, _transports, _employment, _order_classes),
    "xiaokang": (_donations, _charity_funds, _scholarships, _care_centres, _host_classes, _sales, _channels, _distribution),
}
# Indicator figures the records tell kind by kind, never as one merged count ("3人").
TOLD_BY_RECORDS = {"talent_sent"}


# Sentences a dimension says after its records and before its indicators' totals.
DIMENSION_EXTRAS = {
    "talent": (_talent_plans,),
    "xiaokang": (_deep_poverty, _pairing_kinds),
}
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
    if kinds:
        first += ["，建立", "、".join(kinds), "等",
                  plain(len(kinds), "类", label="结对类型", source="pairing_subtree.kinds"), "结对关系"]
    first.append("。")
    # The pairing's 备注 is the office's own note, never a paragraph of the briefing.
    return [sentence(*first)]


OFFICE_NAMES = {"east_office": "{}东西部协作办公室", "west_office": "{}乡村振兴局"}


def briefing_office(*, user, pairing: Pairing) -> str:
    """Who issues the briefing: the reader's own office (昆山市东西部协作办公室), else the office that
    keeps the pair, on its eastern side (ADR 010)."""
    from shanhai.core.models import RoleAssignment
    from shanhai.pairings.selectors import main_regions
    from shanhai.regions.models import Region

    for role in RoleAssignment.objects.filter(user=user, role__in=OFFICE_NAMES).order_by("pk"):
        region = Region.objects.filter(code=role.region_code.ljust(12, "0")).first()
        if region is not None:
            return OFFICE_NAMES[role.role].format(region.name)
    east, _west = main_regions(pairing)
    return OFFICE_NAMES["east_office"].format(east.name) if east else "东西部协作办公室"


def briefing_build(*, user, pairing: Pairing, year: int) -> Briefing:
    """The briefing of ``pairing`` (and every pair under it) for ``year``, as ``user`` may see it."""
    program = "东西部扶贫协作" if year <= 2020 else "东西部协作"
    title = f"{pairing.name or pairing.display_name()}{program}工作简报（{year}年）"
    results = pairing_results(user=user, pairing=pairing, year=year)
    sections, told = [], set()
    for i, group in enumerate(results_by_dimension(results)):
        dimension = group.dimension
        section = Section(f"{CHINESE_ORDINALS[i] if i < 10 else i + 1}、{dimension.name}")
        for builder in DIMENSION_RECORDS.get(dimension.code, ()) + DIMENSION_EXTRAS.get(dimension.code, ()):
            section.sentences += builder(user=user, pairing=pairing, year=year)
        told |= {_key(n) for s in section.sentences for n in s.numbers}
        for result in group.results:
            if result.indicator.key in SAID_BY_EXTRAS:
                continue
            found = indicator_sentence(result, user=user, pairing=pairing, told=told)
            if found is not None:
                section.sentences.append(found)
        sections.append(section)
    footer = _("本简报由台账数据生成：金额按台账登记数计，“以上”“余”为报告数下限，“近”“不足”为上限；"
               "“预计”为预期数，不计入完成数；无台账记录的事项不作表述。")
    from shanhai.pairings.selectors import main_regions

    east, west = main_regions(pairing)
    sides = "、".join(r.name for r in (east, west) if r is not None)
    return Briefing(
        pairing, year, title, _opening(pairing, year), sections, footer,
        office=briefing_office(user=user, pairing=pairing),
        report_to=f"{program}工作领导小组办公室",
        send_to=f"{sides}{program}工作领导小组成员单位" if sides else f"{program}工作领导小组成员单位",
    )


# ---------------------------------------------------------------- renderings of the one structure


# What turns text into Markdown: emphasis, links and images, code, HTML and entities, headings,
# list and quote markers, tables, strikethrough, maths. CommonMark reads a backslash before any ASCII
# punctuation as that character, so escaping these wherever they stand is always safe; '.' is left
# alone (figures are written 1.2亿元) and guarded only where it would make a numbered list.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~&$^])")
NUMBERED_LIST_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def markdown_escape(text: str) -> str:
    """Names, notes and every other text from the data, so that they read as they were written."""
    # A sentence is one paragraph: a line break of its own would let a note start a heading or list.
    text = re.sub(r"\s*[\r\n]+\s*", " ", text)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_block(text: str) -> str:
    return NUMBERED_LIST_START.sub(r"\1\\\2", text.strip())


def _markdown_sentence(s: Sentence) -> str:
    return _markdown_block("".join(markdown_escape(t) for t in s.texts()))


def briefing_markdown(briefing: Briefing, issue: Issue | None = None) -> str:
    """One paragraph a sentence (a blank line between), as the .docx has one paragraph a sentence,
    with the same masthead, 第X期, office and date before and the same 报/送 after.

    Every text from the data (pair and project names, notes, headings, units) is escaped: a pair
    named ``[点我](http://x)`` is shown as written, never as a link.
    """
    issue = issue or Issue()
    office = issue.office or briefing.office
    blocks = [markdown_escape(issue.masthead), f"第{issue.number}期",
              _markdown_block(markdown_escape(f"{office}　{issue.date_text}"))]
    blocks.append(f"# {_markdown_block(markdown_escape(briefing.title))}")
    blocks += [_markdown_sentence(s) for s in briefing.opening]
    for section in briefing.sections:
        blocks.append(f"## {_markdown_block(markdown_escape(section.heading))}")
        blocks += [_markdown_sentence(s) for s in section.sentences] or [NO_RECORDS]
    blocks += ["---", _markdown_block(markdown_escape(briefing.footer))]
    blocks += [_markdown_block(markdown_escape(f"报：{issue.report_to or briefing.report_to}")),
               _markdown_block(markdown_escape(f"送：{issue.send_to or briefing.send_to}"))]
    return "\n\n".join(blocks) + "\n"


def sentence_html(s: Sentence) -> SafeString:
    out = []
    for part, text in zip(s.parts, s.texts(), strict=True):
        if isinstance(part, Number):
            out.append(
                f'<span class="figure" title="{escape(part.label)} · {escape(part.figure.basis_text)}" '
                f'data-source="{escape(part.source)}" data-value="{escape(f"{part.value:f}")}" '
                f'data-unit="{escape(part.unit)}">{escape(text)}</span>'
            )
        else:
            out.append(escape(part))
    return mark_safe("".join(out))


DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates" / "docx" / "briefing.docx"


def briefing_template() -> Path:
    """The Word template a briefing is written into: ``settings.SHANHAI_BRIEFING_TEMPLATE`` when an
    office names its own .docx (it keeps the tags of the default: {{ masthead }}, {{ issue }},
    {{ office }}, {{ date }}, {{ title }}, {%p for text in opening %}, {%p for section in sections %}
    with {{ section.heading }} and {%p for text in section.paragraphs %}, {{ footnote }},
    {{ report_to }}, {{ send_to }}), else the default kept in the repository (written by
    scripts/make_briefing_template.py: A4, 方正小标宋简体/黑体 title, 仿宋_GB2312 body at 16 pt, 第X期,
    the issuing office and date, page numbers in the footer, the 报/送 block). An office may also post
    its own template with a download (``briefing_views.briefing_docx_download``), used that once."""
    from django.conf import settings

    own = getattr(settings, "SHANHAI_BRIEFING_TEMPLATE", "")
    return Path(own) if own else DEFAULT_TEMPLATE


def briefing_docx(briefing: Briefing, issue: Issue | None = None, *, template=None) -> bytes:
    """The briefing as Word, written with docxtpl into ``template`` (a path or a file-like .docx;
    default ``briefing_template()``). Says what the Markdown says, paragraph for paragraph."""
    from docxtpl import DocxTemplate

    issue = issue or Issue()
    doc = DocxTemplate(template if template is not None else str(briefing_template()))
    doc.render({
        "masthead": issue.masthead, "issue": issue.number, "office": briefing.office if not issue.office else issue.office,
        "date": issue.date_text, "title": briefing.title,
        "opening": [s.text for s in briefing.opening],
        "sections": [{"heading": s.heading, "paragraphs": [t.text for t in s.sentences] or [NO_RECORDS]}
                     for s in briefing.sections],
        "footnote": briefing.footer,
        "report_to": issue.report_to or briefing.report_to, "send_to": issue.send_to or briefing.send_to,
    }, autoescape=True)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_text(content: bytes) -> str:
    """The text of a .docx, paragraph by paragraph (to read a briefing back)."""
    from docx import Document

    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


# Figures in a briefing's text: a number with its unit (1.2亿元, 1.3万个以上, 300余亩, 12,750万元, 100%);
# an ordinal (第1期) is not a figure.
NUMBER_PATTERN = re.compile(
    r"(?<![第\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(亿|万)?余?"
    r"(元|人次|人|户|个|名|所|家|亩|株|次|类|项|张|吨|斤|公斤|平方公里|公里|场|期|批|条|间|栋|%)"
)


def numbers_in(text: str) -> list[tuple[Decimal, str]]:
    """(value, unit) for every figure in ``text``, 万/亿 multiplied out: '1.2亿元' → (120000000, '元')."""
    out = []
    for digits, scale, unit in NUMBER_PATTERN.findall(text):
        value = Decimal(digits.replace(",", "")) * {"亿": 100_000_000, "万": 10_000, "": 1}[scale]
        out.append((value, unit))
    return out
