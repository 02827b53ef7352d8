"""Reads: a pairing's agreements, and its ten-haves (“十有”) for a year — the one place the page,
the pairing's panel, the API and the assessment figure take them from (STYLE habit 1)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from shanhai.pairings.selectors import pairing_subtree_ids

from .models import Agreement, TenHaveCheck, TenHaveItem
from .rules import RULES, Evidence, rule_evaluate


def agreements_for(*, user, pairing=None, year: int | None = None, nested: bool = True):
    """Agreements the user may see: of a pairing (with the pairs nested under it unless ``nested``
    is False) and signed in a year."""
    qs = Agreement.objects.visible_to(user).select_related("pairing")
    if pairing is not None:
        qs = qs.filter(pairing__in=pairing_subtree_ids(pairing)) if nested else qs.filter(pairing=pairing)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


def agreements_in_force(*, user, pairing, year: int) -> list[Agreement]:
    """The pairing's own agreements signed in ``year`` or valid for it (``Agreement.in_force``)."""
    return [a for a in agreements_for(user=user, pairing=pairing, nested=False) if a.in_force(year)]


def ten_have_checks_for(*, user, pairing=None, year: int | None = None):
    qs = TenHaveCheck.objects.visible_to(user).select_related("pairing", "item")
    if pairing is not None:
        qs = qs.filter(pairing=pairing)
    if year is not None:
        qs = qs.filter(year=year)
    return qs


class How:
    RULE = "rule"  # decided from the ledgers
    MANUAL = "manual"  # confirmed by hand (a name, an attachment)
    NONE = "none"  # neither

    LABELS = {RULE: _("台账自动判定"), MANUAL: _("人工确认（姓名、附件）"), NONE: _("未达到")}


@dataclass(frozen=True)
class ItemStatus:
    item: TenHaveItem
    met: bool
    how: str
    evidence: Evidence | None  # the rule's, where the item has one
    check: TenHaveCheck | None  # a confirmation by hand, where there is one

    @property
    def how_label(self) -> str:
        return str(How.LABELS[self.how])

    @property
    def has_rule(self) -> bool:
        return self.evidence is not None

    @property
    def summary(self) -> str:
        parts = []
        if self.evidence is not None:
            parts.append(self.evidence.summary)
        if self.check is not None:
            state = _("已达到") if self.check.met else _("未达到")
            parts.append(f"{_('人工确认')}{state}：{self.check.confirmed_by}" + (f"，{self.check.note}" if self.check.note else ""))
        if not parts:
            parts.append(str(_("无台账规则，待人工确认")))
        return "；".join(str(p) for p in parts)

    @property
    def links(self) -> list[tuple[str, str]]:
        return list(self.evidence.links) if self.evidence is not None else []


@dataclass(frozen=True)
class TenHaves:
    pairing: object
    year: int
    items: list[ItemStatus] = field(default_factory=list)

    @property
    def met_count(self) -> int:
        return sum(1 for s in self.items if s.met)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def by_rule(self) -> int:
        return sum(1 for s in self.items if s.how == How.RULE)

    @property
    def by_hand(self) -> int:
        return sum(1 for s in self.items if s.how == How.MANUAL)


def ten_haves(*, user, pairing, year: int) -> TenHaves:
    """Each item for the pair and year: met by its rule over the ledgers, else by a confirmation by
    hand that says met; both shown where both exist (evidence held outside the system)."""
    checks = {c.item_id: c for c in ten_have_checks_for(user=user, pairing=pairing, year=year)}
    statuses = []
    for item in TenHaveItem.objects.all():
        evidence = rule_evaluate(key=item.rule, user=user, pairing=pairing, year=year) if item.rule in RULES else None
        check = checks.get(item.pk)
        if evidence is not None and evidence.met:
            how = How.RULE
        elif check is not None and check.met:
            how = How.MANUAL
        else:
            how = How.NONE
        statuses.append(ItemStatus(item=item, met=how != How.NONE, how=how, evidence=evidence, check=check))
    return TenHaves(pairing=pairing, year=year, items=statuses)


def ten_haves_years(*, user, pairing) -> list[int]:
    """Years in which any rule finds records for the pairing or anything was confirmed by hand."""
    years = set(ten_have_checks_for(user=user, pairing=pairing).values_list("year", flat=True))
    for rule in RULES.values():
        years |= rule.years(user=user, pairing=pairing)
    return sorted(years, reverse=True)


def leading_groups_for(*, user, pairing, up_to_year: int | None = None, year: int | None = None):
    """The leading groups of ``pairing`` and the pairs under it the user reads: set up in ``year``, or
    by ``up_to_year`` (a group set up stays until the records say otherwise); an undated one counts
    as set up (a report names it without its date)."""
    from django.db.models import Q

    from shanhai.pairings.selectors import pairing_subtree_ids

    from .models import LeadingGroup

    qs = LeadingGroup.objects.visible_to(user).filter(pairing__in=pairing_subtree_ids(pairing))
    if year is not None:
        qs = qs.filter(year=year)
    if up_to_year is not None:
        qs = qs.filter(Q(year__lte=up_to_year) | Q(year__isnull=True))
    return qs.order_by("side", "year", "reference")
