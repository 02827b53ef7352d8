"""The figures an indicator may name (计算口径): each a thin call to a ledger's selector.

An indicator row says *which* figure computes it and with what parameter; the figure says *how*,
by composing the ledgers' own selectors (STYLE habit 1) — nothing here queries a ledger table
itself. Adding an indicator needs a row; a new kind of figure needs one function here.

A figure answers for a pairing (with everything nested under it) and a period: one year
(``{"year": 2019}``) or cumulatively up to a year (``{"up_to_year": 2019}``).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from shanhai.core.money import format_money
from shanhai.core.records import CountTotal, MoneyTotal, money_total, qualified, qualifier_of_sum

from .models import MONEY_UNIT

ZERO = Decimal(0)
FEN = Decimal(100)


class FigureBasis:
    """Where a figure comes from, as the dashboards label it."""

    ITEMISED = "itemised"  # every record itemised (逐笔)
    AGGREGATE = "aggregate"  # every record an aggregate (汇总)
    MIXED = "mixed"  # both
    REPORTED = "reported"  # a reported number (填报/报告数)
    DERIVED = "derived"  # computed from records in another way (a coverage share, a rule)
    NONE = "none"  # nothing recorded

    LABELS = {
        ITEMISED: _("逐笔"), AGGREGATE: _("汇总"), MIXED: _("逐笔+汇总"), REPORTED: _("填报"),
        DERIVED: _("推算"), NONE: _("无记录"),
    }


@dataclass(frozen=True)
class Figure:
    """A figure in an indicator's unit (money in 元, exact to the fen), with where it comes from."""

    value: Decimal | None
    unit: str
    itemised: Decimal = ZERO
    aggregate: Decimal = ZERO
    records: int = 0
    qualifier: str = ""
    derived: bool = False
    reported: bool = False
    note: str = ""  # how it was reached, where the parts do not say it
    link: str = ""  # the records behind it

    @property
    def basis(self) -> str:
        if self.reported:
            return FigureBasis.REPORTED
        if self.derived:
            return FigureBasis.DERIVED if self.value is not None else FigureBasis.NONE
        if not self.records:
            return FigureBasis.NONE
        if self.itemised and self.aggregate:
            return FigureBasis.MIXED
        return FigureBasis.AGGREGATE if self.aggregate else FigureBasis.ITEMISED

    @property
    def basis_label(self) -> str:
        return str(FigureBasis.LABELS[self.basis])

    @property
    def basis_text(self) -> str:
        """The figure's make-up, for a tooltip or a column: 逐笔 x + 汇总 y（n 条记录）."""
        if self.note:
            return self.note
        if self.basis in (FigureBasis.NONE, FigureBasis.REPORTED):
            return self.basis_label
        parts = []
        if self.itemised:
            parts.append(("逐笔", self.itemised))
        if self.aggregate:
            parts.append(("汇总", self.aggregate))
        if len(parts) == 1:  # the one part carries the figure's qualifier: 逐笔 300余亩
            words, value = parts[0]
            return f"{words} {qualified(value_text(value, self.unit), self.qualifier)}（{self.records} 条记录）"
        text = " + ".join(f"{words} {value_text(value, self.unit)}" for words, value in parts) or value_text(ZERO, self.unit)
        if len(parts) > 1 and self.qualifier:
            text += f" = {self.display}"
        return text + f"（{self.records} 条记录）"

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        return qualified(value_text(self.value, self.unit), self.qualifier)

    def __str__(self):
        return self.display

    def as_dict(self) -> dict:
        return {
            "value": None if self.value is None else f"{self.value:f}", "unit": self.unit, "display": self.display,
            "itemised": f"{self.itemised:f}", "aggregate": f"{self.aggregate:f}", "records": self.records,
            "qualifier": self.qualifier, "basis": self.basis, "basis_text": self.basis_text, "link": self.link,
        }


def value_text(value: Decimal, unit: str) -> str:
    """A value with its unit as offices write it: money as 万元/亿元, counts with thousands separators."""
    if unit == MONEY_UNIT:
        return format_money(int(value * FEN))
    if unit == "%":
        return f"{value.normalize():f}%"
    text = f"{value.normalize():,f}" if value != value.to_integral_value() else f"{int(value):,}"
    return f"{text} {unit}"


def from_money(total: MoneyTotal, *, link: str = "") -> Figure:
    return Figure(
        value=Decimal(total.total) / FEN, unit=MONEY_UNIT, itemised=Decimal(total.itemised) / FEN,
        aggregate=Decimal(total.aggregate) / FEN, records=total.records,
        qualifier=total.qualifier, link=link,
    )


def from_count(total: CountTotal, unit: str, *, link: str = "", records: int | None = None) -> Figure:
    return Figure(
        value=Decimal(total.total), unit=unit, itemised=Decimal(total.itemised), aggregate=Decimal(total.aggregate),
        records=total.records if records is None else records, qualifier=total.qualifier, link=link,
    )


def from_rows(n: int, unit: str, *, link: str = "") -> Figure:
    """A count of records, each one itemised (meetings held, visits made)."""
    return Figure(value=Decimal(n), unit=unit, itemised=Decimal(n), records=n, link=link)


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True)
class FigureDef:
    key: str
    name: str
    unit: str
    compute: Callable  # (*, user, pairing, period: dict, parameter: str) -> Figure
    parameter_help: str = ""
    description: str = ""


FIGURES: dict[str, FigureDef] = {}


def register_figure(key: str, name, unit: str, *, parameter_help="", description=""):
    def wrap(fn):
        FIGURES[key] = FigureDef(key, str(name), unit, fn, str(parameter_help), str(description))
        return fn

    return wrap


def figure_choices() -> list[tuple[str, str]]:
    return [(d.key, f"{d.name}（{d.unit}）") for d in sorted(FIGURES.values(), key=lambda d: d.key)]


def figure_compute(*, key: str, user, pairing, period: dict, parameter: str = "") -> Figure:
    return FIGURES[key].compute(user=user, pairing=pairing, period=period, parameter=parameter)


def records_link(ledger_slug: str, *, pairing, period: dict, **extra) -> str:
    """The ledger page listing the records behind a figure: the pairing's subtree, the year."""
    try:
        url = reverse(f"ledger:{ledger_slug}_list")
    except NoReverseMatch:
        return ""
    query = {"pairing": pairing.reference, **{k: v for k, v in extra.items() if v}}
    if "year" in period:
        query["year"] = period["year"]
    return f"{url}?{urlencode(query)}"


# ---------------------------------------------------------------- 组织领导


def from_events(count, unit: str, label: str, *, link: str = "") -> Figure:
    """Events counted by the number each record stands for (``core.records.EventCount``); records that
    do not give it are said apart ("次数未载 N 条") rather than counted as one."""
    figure = from_count(count.counted, unit, link=link)
    if not count.unknown:
        return figure
    unknown = count.unknown_text(label)
    return replace(figure, note=f"{figure.basis_text}；{unknown}" if count.records else unknown)


@register_figure("joint_meetings", _("联席会议"), "次", description=_("结对双方召开的联席会议次数（汇总记录按所载次数计）"))
def _joint_meetings(*, user, pairing, period, parameter):
    from shanhai.exchanges.selectors import meetings_count

    count = meetings_count(user=user, pairing=pairing, **period)
    return from_events(count, "次", "次数", link=records_link("joint-meetings", pairing=pairing, period=period))


@register_figure(
    "own_meetings", _("专题会议"), "次", parameter_help=_("east：东部专题会议；west：西部专题会议；留空为两方合计"),
    description=_("一方研究东西部协作的党委常委会、专题会议次数"),
)
def _own_meetings(*, user, pairing, period, parameter):
    from shanhai.exchanges.models import MeetingKind
    from shanhai.exchanges.selectors import meetings_count

    kinds = [parameter] if parameter else [MeetingKind.EAST, MeetingKind.WEST]
    count = sum((meetings_count(user=user, pairing=pairing, kind=k, **period) for k in kinds[1:]),
                meetings_count(user=user, pairing=pairing, kind=kinds[0], **period))
    return from_events(count, "次", "次数", link=records_link("joint-meetings", pairing=pairing, period=period, kind=parameter))


@register_figure(
    "visits", _("考察互访"), "次", parameter_help=_("east_to_west：东部赴西部；west_to_east：西部赴东部；留空为双向"),
)
def _visits(*, user, pairing, period, parameter):
    from shanhai.exchanges.selectors import visits_count

    count = visits_count(user=user, pairing=pairing, direction=parameter or None, **period)
    return from_events(count, "次", "批次/次数", link=records_link("visits", pairing=pairing, period=period, direction=parameter))


@register_figure("visit_people", _("考察互访人次"), "人次", parameter_help=_("同“考察互访”"))
def _visit_people(*, user, pairing, period, parameter):
    from shanhai.exchanges.selectors import visits_person_times

    count = visits_person_times(user=user, pairing=pairing, direction=parameter or None, **period)
    return from_events(count, "人次", "人次", link=records_link("visits", pairing=pairing, period=period, direction=parameter))


@register_figure(
    "promotion_events", _("展销推介宣传活动"), "场",
    parameter_help=_("expo：展销会/博览会；promotion：推介会；publicity：宣传活动/流动宣传车；留空为全部"),
)
def _promotion_events(*, user, pairing, period, parameter):
    from shanhai.exchanges.selectors import promotion_events_count

    count = promotion_events_count(user=user, pairing=pairing, event_type=parameter or None, **period)
    return from_events(
        count, "场", "场次", link=records_link("promotion-events", pairing=pairing, period=period, event_type=parameter),
    )


# ---------------------------------------------------------------- 人才交流


def _talent_filters(parameter: str) -> tuple[list | None, str]:
    """'teacher,doctor' → those kinds (None: every kind), east to west; ':west_to_east' or
    'teacher:west_to_east' turns the way."""
    from shanhai.talent.models import Direction, TalentKind

    kinds, _sep, direction = parameter.partition(":")
    if kinds in Direction.values:
        kinds, direction = "", kinds
    codes = [c.strip() for c in kinds.split(",") if c.strip()]
    found = list(TalentKind.objects.filter(code__in=codes)) if codes else None
    return found, direction or Direction.EAST_TO_WEST


@register_figure(
    "talent_sent", _("选派人才"), "人",
    parameter_help=_("人才类别代码，逗号分隔（cadre、teacher,doctor……），可加“:west_to_east”；留空为东部选派到西部的全部人才"),
)
def _talent_sent(*, user, pairing, period, parameter):
    from shanhai.talent.selectors import placements_total

    kinds, direction = _talent_filters(parameter)
    total = placements_total(user=user, pairing=pairing, kind=kinds, direction=direction, **period)
    return from_count(total, "人", link=records_link("talent-placements", pairing=pairing, period=period))


@register_figure("trainings", _("培训人次"), "人次", description=_("为西部培训的干部、专业技术人员和劳动力"))
def _trainings(*, user, pairing, period, parameter):
    from shanhai.talent.selectors import trainings_total

    count = trainings_total(user=user, pairing=pairing, **period).person_times
    return from_events(count, "人次", "人次", link=records_link("training-batches", pairing=pairing, period=period))


@register_figure("training_batches", _("培训期数"), "期", description=_("汇总记录按所载期数计，未载期数的另列条数"))
def _training_batches(*, user, pairing, period, parameter):
    from shanhai.talent.selectors import trainings_total

    count = trainings_total(user=user, pairing=pairing, **period).batches
    return from_events(count, "期", "期数", link=records_link("training-batches", pairing=pairing, period=period))


# ---------------------------------------------------------------- 资金使用


@register_figure("funds", _("帮扶资金"), MONEY_UNIT, parameter_help=_("资金类别代码（fiscal_aid、town_pairing……）；留空为全部"))
def _funds(*, user, pairing, period, parameter):
    from shanhai.funds.selectors import funds_total

    # A kind's code is its key: the lines are filtered on it without reading the kind first, and
    # only a figure with no line asks whether the kind exists at all.
    total = funds_total(user=user, pairing=pairing, kind=parameter or None, **period)
    if parameter and not total.records and not _fund_kind_exists(parameter):
        return Figure(None, MONEY_UNIT, derived=True, note=f"未知资金类别 {parameter}")
    return from_money(total, link=records_link("funds", pairing=pairing, period=period, kind=parameter))


def _fund_kind_exists(code: str) -> bool:
    from shanhai.funds.models import FundKind

    return FundKind.objects.filter(code=code).exists()


@register_figure("funded_projects", _("资金支持项目"), "个", description=_("资金台账所载的项目数（如“1.2亿元实施57个项目”）"))
def _funded_projects(*, user, pairing, period, parameter):
    from shanhai.funds.selectors import funds_project_count

    total = funds_project_count(user=user, pairing=pairing, **period)
    return from_count(total, "个", link=records_link("funds", pairing=pairing, period=period))


@register_figure("projects", _("帮扶项目"), "个")
def _projects(*, user, pairing, period, parameter):
    from shanhai.projects.selectors import projects_total

    totals = projects_total(user=user, pairing=pairing, **period)
    return from_count(totals.projects, "个", link=records_link("projects", pairing=pairing, period=period), records=totals.records)


@register_figure(
    "project_beneficiaries", _("项目受益人口"), "人",
    parameter_help=_("poor_persons（贫困人口，默认）、persons、households、poor_households"),
)
def _project_beneficiaries(*, user, pairing, period, parameter):
    from shanhai.projects.selectors import projects_total

    name = parameter or "poor_persons"
    totals = projects_total(user=user, pairing=pairing, **period)
    unit = "户" if name.endswith("households") else "人"
    return from_count(totals.beneficiaries[name], unit, link=records_link("projects", pairing=pairing, period=period), records=totals.records)


# ---------------------------------------------------------------- 产业合作


@register_figure("enterprises", _("引导落地企业"), "家")
def _enterprises(*, user, pairing, period, parameter):
    from shanhai.industry.selectors import west_enterprises_totals

    totals = west_enterprises_totals(user=user, pairing=pairing, **period)
    return from_count(totals.enterprises, "家", link=records_link("west-enterprises", pairing=pairing, period=period))


@register_figure("enterprise_investment", _("企业实际投资"), MONEY_UNIT, parameter_help=_("pledged：协议投资；留空为实际到位投资"))
def _enterprise_investment(*, user, pairing, period, parameter):
    from shanhai.industry.selectors import west_enterprises_totals

    totals = west_enterprises_totals(user=user, pairing=pairing, **period)
    money = totals.pledged_investment if parameter == "pledged" else totals.actual_investment
    return from_money(money, link=records_link("west-enterprises", pairing=pairing, period=period))


@register_figure("enterprise_poor_employed", _("落地企业带动贫困人口就业"), "人")
def _enterprise_poor_employed(*, user, pairing, period, parameter):
    from shanhai.industry.selectors import west_enterprises_totals

    totals = west_enterprises_totals(user=user, pairing=pairing, **period)
    return from_count(totals.poor_employed, "人", link=records_link("west-enterprises", pairing=pairing, period=period))


@register_figure("signed_projects", _("签约项目"), "个")
def _signed_projects(*, user, pairing, period, parameter):
    from shanhai.industry.selectors import signing_totals

    return from_count(signing_totals(user=user, pairing=pairing, **period).projects, "个",
                      link=records_link("signing-lines", pairing=pairing, period={}))


# ---------------------------------------------------------------- 劳务协作


@register_figure(
    "employment", _("帮助贫困劳动力就业"), "人",
    parameter_help=_("poor（只计贫困劳动力，默认）或 all（全部劳动力）"),
)
def _employment(*, user, pairing, period, parameter):
    from shanhai.labour.selectors import employment_total

    heads = employment_total(user=user, pairing=pairing, **period)
    total = heads.workers if parameter == "all" else heads.poor_workers
    return from_count(total, "人", link=records_link("employment-outcomes", pairing=pairing, period=period))


@register_figure("stable_employment", _("稳定就业（按当年规则推算）"), "人", parameter_help=_("poor（默认）或 all"))
def _stable_employment(*, user, pairing, period, parameter):
    from shanhai.labour.selectors import employment_stable

    if "year" not in period:  # the rule is a year's; a cumulative figure would mix rules
        return Figure(None, "人", derived=True, note="稳定就业按年度规则推算，不做累计")
    stable = employment_stable(user=user, pairing=pairing, year=period["year"]).stable
    total = stable.workers if parameter == "all" else stable.poor_workers
    return from_count(total, "人", link=records_link("employment-outcomes", pairing=pairing, period=period))


@register_figure("job_fairs", _("招聘会"), "场", description=_("面向西部劳动力的招聘会场次（汇总记录按所载场次计）"))
def _job_fairs(*, user, pairing, period, parameter):
    from shanhai.labour.selectors import job_fairs_count

    count = job_fairs_count(user=user, pairing=pairing, **period)
    return from_events(count, "场", "场次", link=records_link("job-fairs", pairing=pairing, period=period))


@register_figure("jobs_offered", _("提供就业岗位"), "个")
def _jobs_offered(*, user, pairing, period, parameter):
    from shanhai.labour.selectors import jobs_offered_total

    return from_count(jobs_offered_total(user=user, pairing=pairing, **period), "个",
                      link=records_link("jobs-offered", pairing=pairing, period=period))


@register_figure("transports", _("组织劳动力输送"), "人", parameter_help=_("poor（只计贫困劳动力）或留空为全部"))
def _transports(*, user, pairing, period, parameter):
    from shanhai.labour.selectors import transports_total

    heads = transports_total(user=user, pairing=pairing, **period)
    return from_count(heads.poor_workers if parameter == "poor" else heads.workers, "人",
                      link=records_link("transports", pairing=pairing, period=period))


# ---------------------------------------------------------------- 携手奔小康


@register_figure(
    "paired_parties", _("结对受帮扶方"), "个",
    parameter_help=_("结对类型代码（town、village、enterprise_village、family……）：该类结对中受帮扶方的数量"),
)
def _paired_parties(*, user, pairing, period, parameter):
    from shanhai.pairings.selectors import pairing_party_totals

    totals = pairing_party_totals(root=pairing, kind=parameter or None)
    helped = totals.helped
    return Figure(
        value=Decimal(helped.total), unit="个", itemised=Decimal(helped.itemised), aggregate=Decimal(helped.aggregate),
        records=totals.pairings,
        link=reverse("pairings:pairing_detail", args=[pairing.pk]),
    )


@register_figure(
    "coverage", _("结对覆盖率"), "%",
    parameter_help=_("覆盖对象代码（deep_poverty_villages、towns_and_streets……）：受帮扶方区划中已结对的比例"),
)
def _coverage(*, user, pairing, period, parameter):
    return _coverage_figure(pairing=pairing, period=period, parameter=parameter, unit="%")


def _coverage_figure(*, pairing, period, parameter, unit):
    """A coverage of the pairing's helped region: the paired share ("%") or the paired count ("个")."""
    from shanhai.pairings.selectors import coverage, main_regions

    year = period.get("year") or period.get("up_to_year")
    _east, west = main_regions(pairing)
    if west is None:
        return Figure(None, unit, derived=True, note="结对没有单一的受帮扶方区划")
    found = coverage(target=parameter or "deep_poverty_villages", region=west, year=year, within=pairing)
    value = found.share if unit == "%" else Decimal(found.paired_total)
    return Figure(
        value=value, unit=unit, derived=True, records=found.paired_total, note=found.basis_text,
        link=reverse("coverage", args=[west.code]) if value is not None else "",
    )


@register_figure("donations", _("社会帮扶捐赠"), MONEY_UNIT, description=_("捐款及捐物折价"))
def _donations(*, user, pairing, period, parameter):
    from shanhai.social.selectors import donations_total

    return from_money(donations_total(user=user, pairing=pairing, **period),
                      link=records_link("donations", pairing=pairing, period=period))


@register_figure("sales", _("消费帮扶金额"), MONEY_UNIT)
def _sales(*, user, pairing, period, parameter):
    from shanhai.consumption.selectors import sales_total

    return from_money(sales_total(user=user, pairing=pairing, **period).amount,
                      link=records_link("sales", pairing=pairing, period=period))


@register_figure("sales_poor_driven", _("消费帮扶带动贫困人口"), "人")
def _sales_poor_driven(*, user, pairing, period, parameter):
    from shanhai.consumption.selectors import sales_total

    return from_count(sales_total(user=user, pairing=pairing, **period).poor_people_driven, "人",
                      link=records_link("sales", pairing=pairing, period=period))


@register_figure(
    "project_outputs", _("项目产出"), "*",
    parameter_help=_("产出单位（亩、株、公里……），可加“:产出内容关键词”，如“亩:种植”；指标单位须与之相同"),
)
def _project_outputs(*, user, pairing, period, parameter):
    from shanhai.projects.selectors import outputs_total

    unit, _sep, what = parameter.partition(":")
    total = outputs_total(user=user, unit=unit or "亩", what=what, pairing=pairing, **period)
    return Figure(
        value=total.total, unit=total.unit, itemised=total.itemised, aggregate=total.aggregate, records=total.records,
        qualifier=total.qualifier, link=records_link("project-outputs", pairing=pairing, period={}),
    )


@register_figure(
    "coverage_paired", _("已结对覆盖对象"), "个",
    parameter_help=_("覆盖对象代码（unexited_poor_villages、deep_poverty_villages……）：已结对的个数"),
)
def _coverage_paired(*, user, pairing, period, parameter):
    return _coverage_figure(pairing=pairing, period=period, parameter=parameter, unit="个")


# ---------------------------------------------------------------- appended: reconciliation and briefings


def _town_pairs(pairing) -> tuple[list[int], list[int], dict[int, int]]:
    """The town pairs in ``pairing``'s subtree that are not nested in another town pair (KS-BJ-TOWNS
    holds KS-BJ-TOWN-ZP and KS-BJ-TOWN-ZS), every pairing in or under them, and each one's depth:
    one walk down the tree, a query a level, however many town pairs there are."""
    from shanhai.pairings.models import Pairing

    is_town = {pairing.pk: pairing.kind_id == "town"}
    parent = {pairing.pk: None}
    depth, order, level = {pairing.pk: 0}, [pairing.pk], [pairing.pk]
    while level:
        rows = Pairing.objects.filter(parent_id__in=level).order_by().values_list("pk", "parent_id", "kind_id")
        level = []
        for pk, parent_id, kind_id in rows:
            if pk in depth:
                continue
            is_town[pk], parent[pk], depth[pk] = kind_id == "town", parent_id, depth[parent_id] + 1
            order.append(pk)
            level.append(pk)
    roots = [pk for pk in order if is_town[pk] and (pk == pairing.pk or not is_town[parent[pk]])]
    under, inside = [], set()
    for pk in order:  # breadth first: a parent is placed before its children
        if is_town[pk] or parent[pk] in inside:
            inside.add(pk)
            under.append(pk)
    return roots, under, depth


def _town_pair_roots(pairing) -> list:
    """The town pairs in ``pairing``'s subtree that are not nested in another town pair, so no
    donation is counted twice (KS-BJ-TOWNS holds KS-BJ-TOWN-ZP and KS-BJ-TOWN-ZS), breadth first
    and in the pairings' order within a level."""
    from shanhai.pairings.models import Pairing

    roots, _under, depth = _town_pairs(pairing)
    return sorted(Pairing.objects.filter(pk__in=roots), key=lambda p: depth[p.pk])


@register_figure(
    "town_pair_money", _("乡镇结对帮扶资金（汇总与逐笔）"), MONEY_UNIT,
    description=_(
        "乡镇结对资金（资金台账 town_pairing 类）与乡镇（街道）结对名下的捐赠：汇总部分是协作办报告的总数"
        "（如“结对资金700多万元”），逐笔部分是各镇逐笔登记的捐资（如张浦镇60万元）。"
        "两者说的是同一类钱，数值取较大者而不相加；差额在核对页列出。"
    ),
)
def _town_pair_money(*, user, pairing, period, parameter):
    from shanhai.funds.selectors import funds_total
    from shanhai.social.selectors import donations_for

    # Filtered on the kind's code (its key): without the kind there is no line, and an empty part adds nothing.
    parts = [funds_total(user=user, pairing=pairing, kind="town_pairing", **period)]
    _roots, under, _depth = _town_pairs(pairing)
    if under:
        # ``donations_total`` of every town pair at once: the donations under any of them, one sum.
        parts.append(money_total(donations_for(user=user, **period).exclude(amount=None).filter(pairing__in=under)))
    itemised = sum(p.itemised for p in parts)
    aggregate = sum(p.aggregate for p in parts)
    records = sum(p.records for p in parts)
    # The stated total (aggregate) covers the towns' money; the itemised gifts are part of it, not more.
    value = max(itemised, aggregate) if records else 0
    return Figure(
        value=Decimal(value) / FEN, unit=MONEY_UNIT, itemised=Decimal(itemised) / FEN,
        aggregate=Decimal(aggregate) / FEN, records=records,
        qualifier=qualifier_of_sum(p.qualifier for p in parts),
        link=records_link("funds", pairing=pairing, period=period, kind="town_pairing"),
    )


@register_figure(
    "funded_projects_of_kind", _("某类资金支持项目"), "个",
    parameter_help=_("资金类别代码（mixed、fiscal_aid……）：该类资金台账所载的项目数，如“1.2亿元涉及项目57个”"),
)
def _funded_projects_of_kind(*, user, pairing, period, parameter):
    from shanhai.funds.selectors import funds_project_count

    total = funds_project_count(user=user, pairing=pairing, kind=parameter or None, **period)
    if parameter and not total.records and not _fund_kind_exists(parameter):
        return Figure(None, "个", derived=True, note=f"未知资金类别 {parameter}")
    return from_count(total, "个", link=records_link("funds", pairing=pairing, period=period, kind=parameter))
