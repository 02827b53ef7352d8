"""The rules that decide a ten-haves item (“十有”) from the ledgers, registered by key.

A ``TenHaveItem`` row names its rule (or none, and then only a person confirms it); the rule says
how, by composing the ledgers' own selectors — nothing here queries another app's tables (STYLE
habit 1). Each rule answers for one pairing and one year with ``Evidence``: met or not, a sentence
a reviewer can check, and links to the records behind it. The ledger selectors take the pairing
with every pair nested under it, as the ledger pages' ``?pairing=`` does; an agreement must be the
pairing's own.

``years(*, user, pairing)`` gives the years a rule finds anything in, so a page can offer them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from shanhai.core.records import count_total

# Kinds of people that count as cadres (有干部); every other kind counts as talent (有人才).
CADRE_KINDS = ("cadre", "village_cadre")
NAMES_SHOWN = 3


@dataclass(frozen=True)
class Evidence:
    met: bool
    summary: str
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    key: str
    name: str
    evaluate: Callable  # (*, user, pairing, year) -> Evidence
    years: Callable  # (*, user, pairing) -> set[int]
    description: str = ""


RULES: dict[str, Rule] = {}


def register_rule(key: str, name, *, years: Callable, description=""):
    def wrap(fn):
        RULES[key] = Rule(key, str(name), fn, years, str(description))
        return fn

    return wrap


def rule_choices() -> list[tuple[str, str]]:
    return [(r.key, r.name) for r in sorted(RULES.values(), key=lambda r: r.key)]


def rule_evaluate(*, key: str, user, pairing, year: int) -> Evidence:
    return RULES[key].evaluate(user=user, pairing=pairing, year=year)


def ledger_link(slug: str, *, pairing, year: int | None = None, **extra) -> str:
    """The ledger page listing a pairing's records (with its nested pairs), of one year if given."""
    from shanhai.assessment.figures import records_link

    if year is None:
        try:
            url = reverse(f"ledger:{slug}_list")
        except NoReverseMatch:
            return ""
        return f"{url}?{urlencode({'pairing': pairing.reference, **{k: v for k, v in extra.items() if v}})}"
    return records_link(slug, pairing=pairing, period={"year": year}, **extra)


def _names(objects, label: Callable = str) -> str:
    names = [label(o) for o in objects[:NAMES_SHOWN]]
    more = len(objects) > NAMES_SHOWN
    return "、".join(names) + ("等" if more else "")


def _years(qs, field: str = "year") -> set[int]:
    """The years the records are evidence for: a record spanning years (2017—2019) is for each of them."""
    if "year_from" not in {f.name for f in qs.model._meta.concrete_fields}:
        return {y for y in qs.order_by().values_list(field, flat=True).distinct() if y}
    years = set()
    for start, end in qs.order_by().values_list("year_from", field).distinct():
        if end:
            years.update(range(min(start or end, end), end + 1))
    return years


def _spans(qs, *, year: int, figure: Callable | None = None, field: str = "year") -> str:
    """Records spanning years that cover ``year``, which a single year's selectors leave out: they are
    evidence for each year in the span ("跨年度累计 2017—2019 3,000 万元（1 条记录）")."""
    from shanhai.pairings.selectors import records_covering

    spans: dict[str, list[int]] = {}
    for pk, start, end in records_covering(qs, qs.model, year=year, year_field=field).order_by().values_list(
        "pk", "year_from", field
    ):
        spans.setdefault(f"{start}—{end}", []).append(pk)
    parts = []
    for years, pks in sorted(spans.items()):
        shown = figure(qs.model.objects.filter(pk__in=pks)) if figure else ""
        parts.append(f"{years}{' ' + shown if shown else ''}（{len(pks)} 条记录）")
    return _("跨年度累计 %(spans)s") % {"spans": "、".join(parts)} if parts else ""


def _with_spans(evidence: "Evidence", spans: str, *, year: int) -> "Evidence":
    """A year's evidence with the spans covering it: met by them when the year has nothing of its own."""
    if not spans:
        return evidence
    if evidence.met:
        return Evidence(True, _("%(summary)s；另有%(spans)s") % {"summary": evidence.summary, "spans": spans}, evidence.links)
    return Evidence(True, _("%(year)s年属%(spans)s") % {"year": year, "spans": spans}, evidence.links)


# ---------------------------------------------------------------- 有协议


def _agreement_years(*, user, pairing) -> set[int]:
    from .selectors import agreements_for

    years = set()
    for a in agreements_for(user=user, pairing=pairing, nested=False):
        if a.year:
            years.add(a.year)
        if a.valid_from:
            years.update(range(a.valid_from, (a.valid_to or a.valid_from) + 1))
    return years


@register_rule("agreement", _("本结对有当年签订或有效的协议"), years=_agreement_years)
def _agreement(*, user, pairing, year):
    from .ledgers import AGREEMENTS
    from .selectors import agreements_for, agreements_in_force

    found = agreements_in_force(user=user, pairing=pairing, year=year)
    links = [(f"《{a.title}》", AGREEMENTS.url("detail", a.pk)) for a in found]
    if found:
        summary = _("%(year)s年签订或有效的协议 %(n)s 份：%(names)s") % {
            "year": year, "n": len(found), "names": _names(found, lambda a: f"《{a.title}》（{a.when_text}）"),
        }
        return Evidence(True, summary, links)
    own = list(agreements_for(user=user, pairing=pairing, nested=False))
    parts = [_("本结对未登记%(year)s年签订或有效的协议") % {"year": year}]
    other_years = [a for a in own if a.year and a.valid_from is None]
    if other_years:
        parts.append(_("其他年度签订、未载有效期的 %(n)s 份不计入：%(names)s") % {
            "n": len(other_years), "names": _names(other_years, lambda a: f"《{a.title}》（{a.when_text}）"),
        })
    undated = [a for a in own if not a.year and a.valid_from is None]
    if undated:
        parts.append(_("另有 %(n)s 份未载签订年度和有效期，无法判定：%(names)s") % {
            "n": len(undated), "names": _names(undated, lambda a: f"《{a.title}》"),
        })
        links += [(f"《{a.title}》", AGREEMENTS.url("detail", a.pk)) for a in undated]
    nested = [a for a in agreements_for(user=user, pairing=pairing) if a.pairing_id != pairing.pk and a.in_force(year)]
    if nested:
        parts.append(_("下级结对有 %(n)s 份（不计入本结对）") % {"n": len(nested)})
        links.append((_("下级结对的协议"), ledger_link("agreements", pairing=pairing)))
    return Evidence(False, "；".join(parts), links)


# ---------------------------------------------------------------- 有规划


def _target_years(*, user, pairing) -> set[int]:
    from shanhai.assessment.selectors import targets_for

    return _years(targets_for(user=user, pairing=pairing))


@register_rule("targets", _("结对定有当年考核目标（年度计划）"), years=_target_years)
def _targets(*, user, pairing, year):
    from shanhai.assessment.selectors import targets_for

    targets = list(targets_for(user=user, pairing=pairing, year=year))
    link = [(_("年度目标"), ledger_link("targets", pairing=pairing, year=year))]
    if not targets:
        return Evidence(False, _("%(year)s年未定年度目标") % {"year": year}, link)
    return Evidence(True, _("%(year)s年定有目标 %(n)s 项：%(names)s") % {
        "year": year, "n": len(targets), "names": _names(targets, lambda t: t.indicator.name),
    }, link)


# ---------------------------------------------------------------- 有资金


def _fund_years(*, user, pairing) -> set[int]:
    from shanhai.funds.selectors import funds_for

    return _years(funds_for(user=user, pairing=pairing))


@register_rule("funds", _("登记有当年帮扶资金"), years=_fund_years)
def _funds(*, user, pairing, year):
    from shanhai.funds.selectors import funds_for, funds_total, funds_unvalued

    total = funds_total(user=user, pairing=pairing, year=year)
    unvalued = funds_unvalued(user=user, pairing=pairing, year=year)
    link = [(_("资金台账"), ledger_link("funds", pairing=pairing, year=year))]
    spans = _spans(funds_for(user=user, pairing=pairing), year=year, figure=_money_of("amount"))
    if total.total <= 0 and not funds_for(user=user, pairing=pairing, year=year).exists():
        return _with_spans(Evidence(False, _("%(year)s年未登记帮扶资金") % {"year": year}, link), spans, year=year)
    summary = _("%(year)s年帮扶资金 %(amount)s（%(n)s 条记录）") % {
        "year": year, "amount": str(total), "n": total.records,
    }
    if unvalued:
        summary += _("；另有 %(n)s 条未载金额") % {"n": unvalued}
    return _with_spans(Evidence(True, summary, link), spans, year=year)


def _money_of(field: str) -> Callable:
    def shown(qs) -> str:
        from shanhai.core.records import money_total

        valued = qs.exclude(**{field: None})
        return str(money_total(valued, field)) if valued.exists() else ""

    return shown


# ---------------------------------------------------------------- 有项目


def _project_years(*, user, pairing) -> set[int]:
    from shanhai.projects.selectors import projects_for

    return _years(projects_for(user=user, pairing=pairing))


@register_rule("projects", _("登记有当年帮扶项目"), years=_project_years)
def _projects(*, user, pairing, year):
    from shanhai.projects.selectors import projects_for, projects_total

    link = [(_("项目台账"), ledger_link("projects", pairing=pairing, year=year))]
    spans = _spans(projects_for(user=user, pairing=pairing), year=year)
    if not projects_for(user=user, pairing=pairing, year=year).exists():
        return _with_spans(Evidence(False, _("%(year)s年未登记帮扶项目") % {"year": year}, link), spans, year=year)
    totals = projects_total(user=user, pairing=pairing, year=year)
    return _with_spans(Evidence(True, _("%(year)s年帮扶项目 %(n)s 个（%(records)s 条记录）") % {
        "year": year, "n": str(totals.projects), "records": totals.records,
    }, link), spans, year=year)


# ---------------------------------------------------------------- 有干部、有人才


def _placement_years(*, user, pairing) -> set[int]:
    from shanhai.talent.selectors import placements_for

    return _years(placements_for(user=user, pairing=pairing))


def _person(p) -> str:
    who = p.person_name or _("%(n)s 人") % {"n": p.persons_text}
    return f"{who}（{p.kind.name}）"


@register_rule("cadres", _("选派有当年挂职干部或驻村干部"), years=_placement_years)
def _cadres(*, user, pairing, year):
    from shanhai.talent.selectors import placements_for, placements_total

    found = []
    total = None
    for kind in CADRE_KINDS:
        qs = placements_for(user=user, pairing=pairing, year=year, kind=kind).select_related("kind")
        found += list(qs)
        part = placements_total(user=user, pairing=pairing, year=year, kind=kind)
        total = part if total is None else total + part
    link = [(_("人才交流台账"), ledger_link("talent-placements", pairing=pairing, year=year))]
    spans = _spans(placements_for(user=user, pairing=pairing, kind=list(CADRE_KINDS)), year=year, figure=_persons)
    if not found:
        return _with_spans(
            Evidence(False, _("%(year)s年未登记选派的挂职干部、驻村干部") % {"year": year}, link), spans, year=year
        )
    return _with_spans(Evidence(True, _("%(year)s年挂职、驻村干部 %(n)s 人：%(names)s") % {
        "year": year, "n": str(total), "names": _names(found, _person),
    }, link), spans, year=year)


def _persons(qs) -> str:
    total = count_total(qs, "persons")
    return f"{total} 人" if total.records else ""


def _talent_years(*, user, pairing) -> set[int]:
    from shanhai.talent.selectors import placements_for, trainings_for

    return _years(placements_for(user=user, pairing=pairing).exclude(kind__in=CADRE_KINDS)) | _years(
        trainings_for(user=user, pairing=pairing)
    )


@register_rule("talent", _("当年有专业技术人才交流或培训"), years=_talent_years)
def _talent(*, user, pairing, year):
    from shanhai.talent.selectors import placements_for, trainings_total

    people = placements_for(user=user, pairing=pairing, year=year).exclude(kind__in=CADRE_KINDS).select_related("kind")
    persons = count_total(people, "persons")
    trainings = trainings_total(user=user, pairing=pairing, year=year)
    links = [
        (_("人才交流台账"), ledger_link("talent-placements", pairing=pairing, year=year)),
        (_("培训台账"), ledger_link("training-batches", pairing=pairing, year=year)),
    ]
    parts = []
    if persons.records:
        kinds = sorted({p.kind.name for p in people})
        parts.append(_("交流人才 %(n)s 人（%(kinds)s）") % {"n": str(persons), "kinds": "、".join(kinds)})
    if trainings.batches.records or trainings.batches.unknown:
        unknown = trainings.batches.unknown_text("期数")
        parts.append(_("培训 %(n)s 期%(unknown)s、%(times)s 人次") % {
            "n": str(trainings.batches), "unknown": f"（{unknown}）" if unknown else "", "times": str(trainings.person_times),
        })
    spans = _spans(placements_for(user=user, pairing=pairing).exclude(kind__in=CADRE_KINDS), year=year, figure=_persons)
    if not parts:
        return _with_spans(
            Evidence(False, _("%(year)s年未登记专业技术人才交流和培训") % {"year": year}, links), spans, year=year
        )
    return _with_spans(Evidence(True, f"{year}年" + "；".join(parts), links), spans, year=year)


# ---------------------------------------------------------------- 有互访、有联席会议


def _visit_years(*, user, pairing) -> set[int]:
    from shanhai.exchanges.selectors import visits_for

    return _years(visits_for(user=user, pairing=pairing), "year")


@register_rule("visits", _("当年有考察互访"), years=_visit_years)
def _visits(*, user, pairing, year):
    from shanhai.exchanges.models import Direction
    from shanhai.exchanges.selectors import visits_count, visits_for

    visits = list(visits_for(user=user, pairing=pairing, year=year))
    link = [(_("考察互访台账"), ledger_link("visits", pairing=pairing, year=year))]
    spans = _spans(visits_for(user=user, pairing=pairing), year=year)
    if not visits:
        return _with_spans(Evidence(False, _("%(year)s年未登记考察互访") % {"year": year}, link), spans, year=year)
    # an aggregate stands for its 批次 ("先后32批次"); one that does not give it is said apart
    east = visits_count(user=user, pairing=pairing, year=year, direction=Direction.EAST_TO_WEST)
    west = visits_count(user=user, pairing=pairing, year=year, direction=Direction.WEST_TO_EAST)
    unknown = (east + west).unknown_text("批次/次数")
    return _with_spans(Evidence(True, _("%(year)s年考察互访 %(n)s 次（东部赴西部 %(east)s 次、西部赴东部 %(west)s 次%(unknown)s）：%(names)s") % {
        "year": year, "n": east.total + west.total, "east": east.total, "west": west.total,
        "unknown": f"；{unknown}" if unknown else "", "names": _names(visits),
    }, link), spans, year=year)


def _meeting_years(*, user, pairing) -> set[int]:
    from shanhai.exchanges.models import MeetingKind
    from shanhai.exchanges.selectors import joint_meetings_for

    return _years(joint_meetings_for(user=user, pairing=pairing, kind=MeetingKind.JOINT))


@register_rule("joint_meetings", _("当年召开联席会议"), years=_meeting_years)
def _joint_meetings(*, user, pairing, year):
    from shanhai.exchanges.models import MeetingKind
    from shanhai.exchanges.selectors import joint_meetings_for, meetings_count

    # the pair's joint meetings only: one side's own 专题会议 is no joint meeting
    meetings = list(joint_meetings_for(user=user, pairing=pairing, year=year, kind=MeetingKind.JOINT).select_related("visit"))
    link = [(_("联席会议台账"), ledger_link("joint-meetings", pairing=pairing, year=year))]
    spans = _spans(joint_meetings_for(user=user, pairing=pairing, kind=MeetingKind.JOINT), year=year)
    if not meetings:
        return _with_spans(Evidence(False, _("%(year)s年未登记联席会议") % {"year": year}, link), spans, year=year)
    count = meetings_count(user=user, pairing=pairing, year=year)
    unknown = count.unknown_text("次数")
    return _with_spans(Evidence(True, _("%(year)s年联席会议 %(n)s 次%(unknown)s：%(names)s") % {
        "year": year, "n": count.total, "unknown": f"（{unknown}）" if unknown else "",
        "names": _names(meetings, lambda m: f"{m.name}（{m.when_text}）"),
    }, link), spans, year=year)

