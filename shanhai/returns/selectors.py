"""Reads for returns: who may move a return where (written once, used by pages, API and templates),
the figures a return is prefilled with, the drift of an approved return, and roll-ups.

Roll-ups go county pair → city pair → province pair → nation: for a pairing and a period, the sum
per indicator of the approved returns of the pairs directly under it; a pair that has no return
of its own counts with its own roll-up. Only the levels returns are filed at take part
(``REPORTING_KINDS``): the town, village and department pairs under a county pair report through
their county pair's ledgers, not by returns of their own.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanhai.assessment.figures import Figure, value_text
from shanhai.assessment.models import Indicator
from shanhai.assessment.selectors import indicator_figure, indicators_for, reported_values_for
from shanhai.core.models import Role
from shanhai.core.records import qualified, qualifier_of_sum
from shanhai.core.scope import Action, scope_for, scope_require
from shanhai.pairings.models import ASSESSED_KINDS, Pairing

from .models import (
    PeriodKind,
    Return,
    ReturnAction,
    ReturnEvent,
    ReturnFigure,
    ReturnState,
    WorkLog,
    period_end_month,
)

CENT = Decimal("0.01")
# The pairing kinds returns are filed at and roll up through (pairings.PairingKind codes).
REPORTING_KINDS = ASSESSED_KINDS
# Units whose figures cannot be added across pairs (a coverage share).
NOT_ADDITIVE_UNITS = ("%",)


# ---------------------------------------------------------------- who may do what (ADR 013)


class Can:
    CREATE = "create"  # a new return for a period, prefilled (asked of a pairing: there is no return yet)
    EDIT = "edit"  # set a figure or its note, refresh the prefill
    SUBMIT = "submit"
    SEND_BACK = "send_back"
    APPROVE = "approve"
    REOPEN = "reopen"

    ALL = (EDIT, SUBMIT, SEND_BACK, APPROVE, REOPEN)  # the steps on a return that exists


# The "state" of a period that has no return yet: the table's row for creating one.
NO_RETURN = ""


class Who:
    """The roles a row of the table asks for, each held on a return's pairing (see ``_roles``)."""

    FILLER = "filler"  # a writer on the pairing itself: 昆山 or 碧江 for KS-BJ
    REVIEWER = "reviewer"  # a writer on the pairing above (苏州 or 铜仁 for KS-BJ); nationwide where none
    REOPENER = "reopener"  # a reviewer, or a national role that writes the pairing

    # what a user without the role is told
    REFUSALS = {
        FILLER: gettext_lazy("只有本结对的填报单位（结对一方的协作办）可以填报和报送报表。"),
        REVIEWER: gettext_lazy("报表由上一级结对的单位审核：您不是该结对的审核单位。"),
        REOPENER: gettext_lazy("只有审核单位（上一级）或国家/省级协作办可以重新打开报表。"),
    }


@dataclass(frozen=True)
class Rule:
    who: str
    four_eyes: bool  # turn away whoever filled the return in this round
    reason: str  # why the row is what it is (ADR 013 repeats it)


# The one table of who may move a return where: (action, state the return is in) → who. A pair of
# (action, state) that is not here is refused to everybody: a submitted or approved return is locked.
# The services, the pages' buttons, the list's "您可办理" and the API's ``actions`` all ask it,
# through ``return_refusal``.
RETURN_RULES: dict[tuple[str, str], Rule] = {
    (Can.CREATE, NO_RETURN): Rule(
        Who.FILLER, False, "结对任一方的协作办为本结对的一期建立报表，按台账预填；建立即是填报，开始第一轮。"),
    (Can.EDIT, ReturnState.DRAFT): Rule(
        Who.FILLER, False, "填报单位在报送前填写、说明、按台账重新预填；结对任一方的协作办都可填，数从台账来，各方所见相同。"),
    (Can.EDIT, ReturnState.RETURNED): Rule(
        Who.FILLER, False, "退回后由填报单位按审核意见修改；审核单位若也写本结对（苏州写昆山），可以代填，但本轮就不能再审核。"),
    (Can.SUBMIT, ReturnState.DRAFT): Rule(Who.FILLER, False, "报送是填报的最后一步，由填报单位做。"),
    (Can.SUBMIT, ReturnState.RETURNED): Rule(Who.FILLER, False, "改好后再次报送，开始新一次审核。"),
    (Can.SEND_BACK, ReturnState.SUBMITTED): Rule(
        Who.REVIEWER, True, "上一级审核：退回也是审核，本轮创建、修改或报送过这份报表的人不能审核自己经手的数（四眼原则）。"),
    (Can.APPROVE, ReturnState.SUBMITTED): Rule(
        Who.REVIEWER, True, "审核通过即锁定审核数、计入汇总，须由本轮没有填报过的另一人来做（四眼原则）。"),
    (Can.REOPEN, ReturnState.APPROVED): Rule(
        Who.REOPENER, False, "已审核的数只能由审核单位或国家/省级协作办写明理由后重新打开；重新打开不是填报，开始新的一轮。"),
}

# What the user is told when the return is in a state the action is not open in.
STATE_REFUSALS = {
    Can.EDIT: gettext_lazy("不能修改（已报送的报表须先退回，已审核的报表须先重新打开）"),
    Can.SUBMIT: gettext_lazy("只有草稿或已退回的报表可以报送"),
    Can.SEND_BACK: gettext_lazy("只有已报送的报表可以退回"),
    Can.APPROVE: gettext_lazy("只有已报送的报表可以审核"),
    Can.REOPEN: gettext_lazy("只有已审核的报表可以重新打开"),
}

# A round begins when the return is created, sent back or reopened; filling it is any of these.
ROUND_STARTS = (ReturnAction.CREATE, ReturnAction.SEND_BACK, ReturnAction.REOPEN)
FILLING = (ReturnAction.CREATE, ReturnAction.EDIT, ReturnAction.SUBMIT)
FILLING_WORDS = {
    ReturnAction.CREATE: gettext_lazy("创建"), ReturnAction.EDIT: gettext_lazy("修改"),
    ReturnAction.SUBMIT: gettext_lazy("报送"),
}


@dataclass
class Round:
    """The return's current round: the event that began it, and who filled it since, doing what."""

    started: ReturnEvent | None = None
    fillers: dict[int, list[str]] = field(default_factory=dict)  # user id → ReturnAction values, in order


def _rounds_of(events) -> Round:
    current = Round()
    for event in events:  # in id order
        if event.action in ROUND_STARTS:
            current = Round(started=event)
        if event.action in FILLING:
            done = current.fillers.setdefault(event.actor_id, [])
            if event.action not in done:
                done.append(event.action)
    return current


def return_round(ret: Return) -> Round:
    return _rounds_of(ReturnEvent.objects.filter(ret=ret).order_by("id"))


def _rounds(returns) -> dict[int, Round]:
    """``return_round`` for many returns in one query."""
    by_return: dict[int, list[ReturnEvent]] = {r.pk: [] for r in returns}
    for event in ReturnEvent.objects.filter(ret__in=list(by_return)).order_by("ret_id", "id"):
        by_return[event.ret_id].append(event)
    return {pk: _rounds_of(events) for pk, events in by_return.items()}


@dataclass(frozen=True)
class Refusal:
    kind: str  # "scope", "role", "state" or "four_eyes"
    message: str


def _may_change(user, obj) -> bool:
    try:
        scope_require(user, obj, Action.CHANGE)
    except PermissionDenied:
        return False
    return True


def is_national(user) -> bool:
    return bool(user.is_superuser or user.role_assignments.filter(role=Role.NATIONAL).exists())


def return_can_fill(user, pairing: Pairing) -> bool:
    """A writer on the pairing itself fills its returns (Kunshan or Bijiang for KS-BJ)."""
    return user.is_authenticated and _may_change(user, pairing)


def return_can_review(user, pairing: Pairing) -> bool:
    """The level above reviews: a writer on the parent pairing (Suzhou or Tongren for KS-BJ); for a
    pairing with no parent, a nationwide role."""
    if not user.is_authenticated:
        return False
    if pairing.parent_id is None:
        return scope_for(user, Action.CHANGE).everything
    return _may_change(user, pairing.parent)


def _roles(user, pairing: Pairing) -> dict[str, bool]:
    """The roles (``Who``) ``user`` holds on a pairing's returns, whatever their state."""
    fill = return_can_fill(user, pairing)
    review = return_can_review(user, pairing)
    return {Who.FILLER: fill, Who.REVIEWER: review, Who.REOPENER: review or (is_national(user) and fill)}


def _four_eyes(user, ret: Return, current: Round) -> str | None:
    done = list(current.fillers.get(user.pk, []))
    if ret.submitted_by_id == user.pk and ReturnAction.SUBMIT not in done:
        done.append(ReturnAction.SUBMIT)  # a return submitted before the trail was kept
    if not done:
        return None
    what = "、".join(str(FILLING_WORDS[a]) for a in done)
    since = ""
    if current.started is not None:
        since = _("（自 %(at)s %(what)s起）") % {
            "at": timezone.localtime(current.started.at).strftime("%Y-%m-%d %H:%M"),
            "what": current.started.get_action_display(),
        }
    head = _("不能审核自己报送的报表") if ReturnAction.SUBMIT in done else _("不能审核自己填报过的报表")
    return _("%(head)s：本轮%(since)s您%(what)s过这份报表，须由本轮没有经手填报的另一位审核人审核。") % {
        "head": head, "since": since, "what": what,
    }


def _refusal(user, ret: Return, action: str, roles: dict[str, bool], current) -> Refusal | None:
    """The table asked for one return: the role first, then the state, then four eyes. ``current``
    is the return's round, or a function that reads it (only a review needs it)."""
    needed = {rule.who for (a, _state), rule in RETURN_RULES.items() if a == action}
    if not needed or not any(roles.get(who) for who in needed):
        return Refusal("role", str(Who.REFUSALS[next(iter(needed))] if needed else _("没有这项操作。")))
    rule = RETURN_RULES.get((action, ret.state))
    if rule is None:
        return Refusal("state", _("报表“%(ret)s”当前为“%(state)s”，%(wanted)s。") % {
            "ret": ret, "state": ret.get_state_display(), "wanted": STATE_REFUSALS[action],
        })
    if not roles.get(rule.who):
        return Refusal("role", str(Who.REFUSALS[rule.who]))
    if rule.four_eyes:
        message = _four_eyes(user, ret, current() if callable(current) else current)
        if message:
            return Refusal("four_eyes", message)
    return None


def return_create_refusal(user, pairing: Pairing) -> Refusal | None:
    """Why ``user`` may not create a return for ``pairing``, or None: the table's row for a period
    without a return."""
    rule = RETURN_RULES[(Can.CREATE, NO_RETURN)]
    if not user.is_authenticated or not _roles(user, pairing)[rule.who]:
        return Refusal("role", str(Who.REFUSALS[rule.who]))
    return None


def return_can_create(user, pairing: Pairing) -> bool:
    return return_create_refusal(user, pairing) is None


def return_refusal(user, ret: Return, action: str) -> Refusal | None:
    """Why ``user`` may not take ``action`` (a ``Can`` value) on ``ret`` as it stands now, or None
    if they may: the one rule (``RETURN_RULES``) pages, API, templates and services ask."""
    if not user.is_authenticated or not Return.objects.visible_to(user).filter(pk=ret.pk).exists():
        return Refusal("scope", _("超出权限范围：您看不到这份报表。"))
    return _refusal(user, ret, action, _roles(user, ret.pairing), lambda: return_round(ret))


def return_can(user, ret: Return, action: str) -> bool:
    """Whether ``user`` may take ``action`` on ``ret`` now (``return_refusal`` has nothing to say)."""
    return return_refusal(user, ret, action) is None


def returns_actions(user, returns) -> dict[int, set[str]]:
    """``return_actions`` for many returns the user sees (a list page): the roles asked once per
    pairing, the rounds read in one query."""
    if not user.is_authenticated:
        return {r.pk: set() for r in returns}
    roles: dict[int, dict[str, bool]] = {}
    rounds = _rounds([r for r in returns if any(
        rule.four_eyes for (_a, state), rule in RETURN_RULES.items() if state == r.state
    )])
    out = {}
    for ret in returns:
        if ret.pairing_id not in roles:
            roles[ret.pairing_id] = _roles(user, ret.pairing)
        current = rounds.get(ret.pk, Round())
        out[ret.pk] = {a for a in Can.ALL if _refusal(user, ret, a, roles[ret.pairing_id], current) is None}
    return out


def return_actions(user, ret: Return) -> set[str]:
    """The actions ``user`` may take on ``ret`` now: the scope and the roles asked once, the round
    read only if a review is in question."""
    if not user.is_authenticated or not Return.objects.visible_to(user).filter(pk=ret.pk).exists():
        return set()
    roles, found = _roles(user, ret.pairing), []

    def current() -> Round:
        if not found:
            found.append(return_round(ret))
        return found[0]

    return {a for a in Can.ALL if _refusal(user, ret, a, roles, current) is None}


def return_review_refusal(user, ret: Return) -> str:
    """Why a user who holds the reviewing role may not review this submitted return (four eyes), for
    the page to say instead of showing buttons; empty otherwise."""
    for action in (Can.APPROVE, Can.SEND_BACK):
        refusal = return_refusal(user, ret, action)
        if refusal is not None and refusal.kind == "four_eyes":
            return refusal.message
    return ""


# ---------------------------------------------------------------- lists


def returns_for(
    *, user, pairing: Pairing | None = None, reference: str = "", year: int | None = None, state: str = "",
    period_kind: str = "",
):
    """Returns the user may read; ``reference`` is a pairing's 结对编号 (that pairing's returns only)."""
    qs = Return.objects.visible_to(user).select_related("pairing", "submitted_by", "reviewed_by")
    if pairing is not None:
        qs = qs.filter(pairing=pairing)
    if reference:
        qs = qs.filter(pairing__reference=reference.strip())
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    return qs


def returns_to_act_on(*, user, limit: int = 20) -> list[tuple[Return, set[str]]]:
    """Returns waiting for the user: drafts and returned ones to fill and submit, submitted ones to
    review (reopening an approved return is not a waiting task)."""
    waiting = list(returns_for(user=user).exclude(state=ReturnState.APPROVED).order_by("-year", "period_kind", "-period_no"))
    allowed = returns_actions(user, waiting)
    out = []
    for ret in waiting:
        actions = allowed[ret.pk] & {Can.SUBMIT, Can.APPROVE, Can.SEND_BACK}
        if actions:
            out.append((ret, actions))
            if len(out) >= limit:
                break
    return out


def return_figures(ret: Return) -> list[ReturnFigure]:
    return list(ret.figures.select_related("indicator", "indicator__dimension"))


def work_logs_for(*, user, pairing: Pairing | None = None):
    qs = WorkLog.objects.visible_to(user).select_related("pairing")
    return qs.filter(pairing=pairing) if pairing is not None else qs


def reporting_pairings(*, user, action: str = Action.VIEW):
    return Pairing.objects.visible_to(user, action).filter(kind_id__in=REPORTING_KINDS)


# ---------------------------------------------------------------- prefill and drift


@dataclass(frozen=True)
class Prefill:
    value: Decimal | None
    qualifier: str
    basis: str
    link: str


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def prefill_figure(*, user, indicator: Indicator, pairing: Pairing, year: int) -> Prefill:
    """What the ledgers say for the indicator, the pairing and the year so far (year to date).

    An indicator with a figure takes it from ``indicator_figure``; a reported-only one takes the
    pairing's reported value for that very year where a report gives one, else stays empty — a
    cumulative count (碧江区累计脱贫 22,896 人) is not the year's and is not put in its place.
    """
    if indicator.figure:
        fig = indicator_figure(user=user, indicator=indicator, pairing=pairing, year=year)
        text, label = fig.basis_text, fig.basis_label
        basis = text if text.startswith(label) else f"{label}：{text}"  # 汇总 700万元以上, not 汇总：汇总 …
        return Prefill(_cents(fig.value), fig.qualifier, basis[:300], fig.link[:300])
    found = (
        reported_values_for(user=user, year=year, indicator=indicator).filter(pairing=pairing)
        .order_by("-as_of", "-pk").first()
    )
    if found is not None:
        return Prefill(_cents(found.value), found.qualifier, f"报告数：{found.source}"[:300], "")
    return Prefill(None, "", "只能填报：台账不计此数，尚无该年度的报告数（累计数不能当作当年数）", "")


@dataclass(frozen=True)
class FigureRow:
    """A return's figure as its page shows it, with the current figure and drift once approved."""

    figure: ReturnFigure
    current: Prefill | None  # only for approved returns

    @property
    def indicator(self) -> Indicator:
        return self.figure.indicator

    @property
    def drift(self) -> Decimal | None:
        if self.current is None or self.current.value is None or self.figure.approved is None:
            return None
        return self.current.value - self.figure.approved

    def text(self, value: Decimal | None, qualifier: str = "") -> str:
        if value is None:
            return "—"
        return qualified(value_text(value, self.indicator.unit), qualifier)

    @property
    def prefilled_display(self) -> str:
        return self.text(self.figure.prefilled, self.figure.prefilled_qualifier)

    @property
    def reported_display(self) -> str:
        return self.text(self.figure.reported)

    @property
    def approved_display(self) -> str:
        # approved from the ledgers' figure ("700万元以上"), it keeps its qualifier; a typed figure has none
        f = self.figure
        return self.text(f.approved, f.prefilled_qualifier if f.reported is None else "")

    @property
    def value_display(self) -> str:
        f = self.figure
        return self.text(f.value, f.prefilled_qualifier if f.reported is None else "")

    @property
    def current_display(self) -> str:
        return self.text(self.current.value, self.current.qualifier) if self.current else "—"

    @property
    def drift_display(self) -> str:
        drift = self.drift
        if drift is None:
            return "—"
        if not drift:
            return "0"
        sign = "+" if drift > 0 else "−"
        return sign + value_text(abs(drift), self.indicator.unit)


def return_figure_rows(*, user, ret: Return) -> list[FigureRow]:
    """The return's figures; for an approved return also what the ledgers say now, and the drift."""
    rows = []
    for fig in return_figures(ret):
        current = None
        if ret.state == ReturnState.APPROVED:
            current = prefill_figure(user=user, indicator=fig.indicator, pairing=ret.pairing, year=ret.year)
        rows.append(FigureRow(fig, current))
    return rows


def return_drift(*, user, ret: Return) -> dict[str, Decimal | None]:
    """Indicator key → current figure − approved figure, for an approved return."""
    return {row.indicator.key: row.drift for row in return_figure_rows(user=user, ret=ret)}


# ---------------------------------------------------------------- the reported source for assessment


def approved_return_for(*, user, pairing: Pairing, year: int) -> Return | None:
    """The year's approved yearly return, else the approved return reaching furthest into the year."""
    found = list(returns_for(user=user, pairing=pairing, year=year, state=ReturnState.APPROVED))
    if not found:
        return None
    yearly = [r for r in found if r.period_kind == PeriodKind.YEARLY]
    if yearly:
        return yearly[0]
    return max(found, key=lambda r: (period_end_month(r.period_kind, r.period_no), r.period_kind == PeriodKind.QUARTERLY))


def approved_reported_figure(*, user, indicator: Indicator, pairing: Pairing, year: int) -> Figure | None:
    """For ``assessment.selectors.register_reported_source``: an indicator without a figure, as approved."""
    ret = approved_return_for(user=user, pairing=pairing, year=year)
    if ret is None:
        return None
    fig = ret.figures.filter(indicator__key=indicator.key).first()
    if fig is None or fig.approved is None:
        return None
    return Figure(
        fig.approved, indicator.unit, reported=True, note=f"已审核报表 {ret.period_label}",
        link=reverse("returns:return_detail", args=[ret.pk]),
    )


# ---------------------------------------------------------------- roll-ups


class ChildStatus:
    APPROVED = "approved"  # its own return, approved: counted
    ROLLED_UP = "rolled_up"  # no return of its own; its own roll-up counted
    PENDING = "pending"  # a return not (yet) approved: not counted
    MISSING = "missing"  # no return and nothing approved under it

    LABELS = {APPROVED: "已审核", ROLLED_UP: "按下级汇总", PENDING: "未审核", MISSING: "未报"}


@dataclass
class RollupChild:
    pairing: Pairing
    status: str
    ret: Return | None = None
    values: dict[str, Decimal | None] = field(default_factory=dict)
    rollup: "Rollup | None" = None
    qualifiers: dict[str, str] = field(default_factory=dict)  # "at_least" where a figure is "…以上"

    @property
    def status_label(self) -> str:
        return ChildStatus.LABELS[self.status]

    @property
    def counted(self) -> bool:
        return self.status in (ChildStatus.APPROVED, ChildStatus.ROLLED_UP)


@dataclass
class RollupLine:
    indicator: Indicator
    total: Decimal | None
    parts: int  # children whose value it adds
    additive: bool
    qualifier: str = ""

    @property
    def display(self) -> str:
        if not self.additive:
            return "不可相加"
        return "—" if self.total is None else qualified(value_text(self.total, self.indicator.unit), self.qualifier)


@dataclass
class Rollup:
    pairing: Pairing | None  # None: the nation
    period_kind: str
    year: int
    period_no: int
    indicators: list[Indicator]
    children: list[RollupChild]
    totals: dict[str, Decimal | None]
    qualifiers: dict[str, str] = field(default_factory=dict)

    def of(self, status: str) -> list[RollupChild]:
        return [c for c in self.children if c.status == status]

    @property
    def approved(self):
        return self.of(ChildStatus.APPROVED)

    @property
    def rolled_up(self):
        return self.of(ChildStatus.ROLLED_UP)

    @property
    def pending(self):
        return self.of(ChildStatus.PENDING)

    @property
    def missing(self):
        return self.of(ChildStatus.MISSING)

    @property
    def has_any(self) -> bool:
        return any(c.counted for c in self.children)

    @property
    def complete(self) -> bool:
        return bool(self.children) and all(
            c.status == ChildStatus.APPROVED or (c.status == ChildStatus.ROLLED_UP and c.rollup.complete)
            for c in self.children
        )

    @property
    def lines(self) -> list[RollupLine]:
        return [
            RollupLine(
                ind, self.totals.get(ind.key), sum(1 for c in self.children if c.values.get(ind.key) is not None),
                ind.unit not in NOT_ADDITIVE_UNITS, self.qualifiers.get(ind.key, ""),
            )
            for ind in self.indicators
        ]

    def as_dict(self) -> dict:
        def plain(v):
            return None if v is None else f"{v.normalize():f}"  # 421, not 421.00

        return {
            "pairing": self.pairing.reference if self.pairing else None,
            "period_kind": self.period_kind, "year": self.year, "period_no": self.period_no,
            "complete": self.complete,
            "totals": [
                {"key": ln.indicator.key, "name": ln.indicator.name, "unit": ln.indicator.unit, "total": plain(ln.total),
                 "qualifier": ln.qualifier, "display": ln.display, "parts": ln.parts, "additive": ln.additive}
                for ln in self.lines
            ],
            "children": [
                {"pairing": c.pairing.reference, "name": c.pairing.display_name(), "status": c.status,
                 "status_label": c.status_label, "return": c.ret.pk if c.ret else None,
                 "state": c.ret.state if c.ret else None,
                 "values": {k: plain(v) for k, v in c.values.items()}}
                for c in self.children
            ],
        }


def return_rollup(*, user, pairing: Pairing | None, period_kind: str, year: int, period_no: int) -> Rollup:
    """The approved figures of the pairs directly under ``pairing`` (the nation's province pairs for
    None) for a period, added up per indicator, each pair listed with its status."""
    indicators = indicators_for(year=year)
    under = reporting_pairings(user=user).select_related("kind")
    under = under.filter(parent=pairing) if pairing is not None else under.filter(parent__isnull=True)
    returns = {
        r.pairing_id: r
        for r in Return.objects.visible_to(user).filter(
            pairing__in=under, period_kind=period_kind, year=year, period_no=period_no
        )
    }
    approved_figures = {
        (f.ret.pairing_id, f.indicator.key): f
        for f in ReturnFigure.objects.filter(
            ret__in=[r.pk for r in returns.values() if r.state == ReturnState.APPROVED]
        ).select_related("ret", "indicator")
    }
    children = []
    for child in sorted(under, key=lambda p: (p.sort_key, p.pk)):
        ret = returns.get(child.pk)
        if ret is not None and ret.state == ReturnState.APPROVED:
            figs = {i.key: approved_figures.get((child.pk, i.key)) for i in indicators}
            values = {k: f.approved if f else None for k, f in figs.items()}
            quals = {k: f.prefilled_qualifier for k, f in figs.items() if f and f.reported is None and f.prefilled_qualifier}
            children.append(RollupChild(child, ChildStatus.APPROVED, ret, values, None, quals))
        elif ret is not None:
            children.append(RollupChild(child, ChildStatus.PENDING, ret))
        else:
            sub = return_rollup(user=user, pairing=child, period_kind=period_kind, year=year, period_no=period_no)
            if sub.has_any:
                children.append(RollupChild(child, ChildStatus.ROLLED_UP, None, dict(sub.totals), sub, dict(sub.qualifiers)))
            else:
                children.append(RollupChild(child, ChildStatus.MISSING, None, {}, sub if sub.children else None))
    totals: dict[str, Decimal | None] = {}
    qualifiers: dict[str, str] = {}
    for ind in indicators:
        counted = [c for c in children if c.counted and c.values.get(ind.key) is not None]
        additive = ind.unit not in NOT_ADDITIVE_UNITS
        totals[ind.key] = sum((c.values[ind.key] for c in counted), Decimal(0)) if counted and additive else None
        if totals[ind.key] is not None:
            qualifiers[ind.key] = qualifier_of_sum(c.qualifiers.get(ind.key, "") for c in counted)
    return Rollup(pairing, period_kind, year, period_no, indicators, children, totals, qualifiers)
