"""Reads over pairings: roll-ups of parties and coverage (STYLE habit 1: one figure, one selector)."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q, QuerySet

from shanhai.orgs.models import Organisation
from shanhai.regions.models import Region
from shanhai.regions.selectors import Reported, designated_regions, regions_in, reported_value

from .models import CoverageTarget, Pairing, PairingParty, PartyRole, PartyType, TargetBasis

PARTIES = Prefetch("parties", queryset=PairingParty.objects.select_related("region", "organisation", "member_kind"))


def pairings_for(*, user, query: str = "", kind: str = "", region_prefix: str = "", status: str = "") -> QuerySet[Pairing]:
    qs = Pairing.objects.visible_to(user).select_related("kind", "parent").prefetch_related(PARTIES)
    if query:
        from django.db.models import Q

        qs = qs.filter(
            Q(name__contains=query) | Q(reference__contains=query)
            | Q(parties__region__short_name__contains=query) | Q(parties__organisation__name__contains=query)
            | Q(parties__organisation__short_name__contains=query)
        ).distinct()
    if kind:
        qs = qs.filter(kind_id=kind)
    if region_prefix:
        qs = qs.filter(Pairing.scope_q(prefix=region_prefix, side=""))
    if status:
        qs = qs.filter(status=status)
    return qs


def counterpart_prefixes(scope) -> tuple[str, ...]:
    """The regions across the pairings in which ``scope`` holds a party: for each such pairing, the
    parties of the other role. Kunshan (east, 320583) holds 昆山市 in 昆山 ↔ 碧江, so 520602 is its
    counterpart; 思渠镇's operator holds 高山村 in 亨通集团 ↔ 高山村, so 吴江区 (亨通集团) is its."""
    from shanhai.core.models import Side
    from shanhai.regions.codes import prefix_of

    held = Q(pk__in=[])
    for grant in scope.grants:
        q = Q(region__code__startswith=grant.prefix)
        if grant.side:
            q &= Q(role=PartyRole.HELPER if grant.side == Side.EAST else PartyRole.HELPED)
        held |= q
    roles_held = set(PairingParty.objects.filter(held).values_list("pairing_id", "role"))
    if not roles_held:
        return ()
    across = PairingParty.objects.filter(pairing_id__in={pairing for pairing, _role in roles_held})
    codes = {
        code for pairing, role, code in across.values_list("pairing_id", "role", "region_id")
        if (pairing, PartyRole.HELPER if role == PartyRole.HELPED else PartyRole.HELPED) in roles_held
    }
    prefixes = sorted({prefix_of(code) for code in codes})
    # A prefix inside another adds nothing: 520602 covers 520602101208.
    return tuple(p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes))


def pairing_subtree_ids(root: Pairing) -> list[int]:
    """The primary keys of the pairing and every pairing nested under it (what ledger filters need).

    Kept on the instance: a dashboard asks for the same pair's subtree once per figure.
    """
    cached = root.__dict__.get("_subtree_ids")
    if cached is not None:
        return cached
    out, level = [], [root.pk]
    while level:
        out.extend(level)
        # No order: Pairing.Meta.ordering would join the kinds and sort ids that only filter.
        level = [pk for pk in Pairing.objects.filter(parent_id__in=level).order_by().values_list("pk", flat=True) if pk not in out]
    root.__dict__["_subtree_ids"] = out
    return out


def records_filtered(
    qs, model, *, pairing=None, pairing_path: str = "pairing", region_prefix: str = "", year: int | None = None,
    up_to_year: int | None = None, year_field: str = "year", stage: str | None = "achieved",
):
    """The filters every ledger's selectors share: rows filed under a pairing or any pairing nested
    under it (through ``pairing_path``), lying in a region subtree (either side), of one year or
    cumulatively up to a year (on ``year_field``), achieved only unless ``stage`` says otherwise.

    A record spanning years (``year_from``, "2017年以来累计") is no one year's figure: a single year
    takes only single-year records, and a cumulative figure takes a span once, when it ends by then.
    An expected record ("建成后将带动…") is no achievement: figures leave it out unless a caller asks
    for ``stage="expected"`` (or ``stage=None``, every record)."""
    names = {f.name for f in model._meta.concrete_fields}
    if pairing is not None:
        qs = qs.filter(**{f"{pairing_path}__in": pairing_subtree_ids(pairing)})
    if region_prefix:
        qs = qs.filter(model.scope_q(prefix=region_prefix, side=""))
    if year is not None:
        qs = qs.filter(**{year_field: year})
        if "year_from" in names:
            qs = qs.filter(Q(year_from=None) | Q(year_from=year))
    if up_to_year is not None:
        qs = qs.filter(**{f"{year_field}__lte": up_to_year})
    if stage and "stage" in names:
        qs = qs.filter(stage=stage)
    return qs


def records_covering(qs, model, *, year: int, year_field: str = "year", spans_only: bool = True):
    """The records whose years cover ``year``: spans with ``year_from`` ≤ year ≤ their end year (on
    ``year_field``), and with ``spans_only=False`` the single-year records of that year too. What a
    year's figure leaves out is shown beside it ("跨年度累计 2017—2019"), and is that year's evidence."""
    if "year_from" not in {f.name for f in model._meta.concrete_fields}:
        return qs.filter(**{year_field: year}) if not spans_only else qs.none()
    span = Q(year_from__lte=year, **{f"{year_field}__gte": year}) & ~Q(year_from=year, **{year_field: year})
    if spans_only:
        return qs.filter(span)
    return qs.filter(span | Q(**{year_field: year}))


def pairing_subtree(root: Pairing) -> list[Pairing]:
    """The pairing and every pairing nested under it, parties prefetched (breadth first)."""
    out, level = [], [root.pk]
    while level:
        nodes = list(Pairing.objects.filter(pk__in=level).select_related("kind").prefetch_related(PARTIES).order_by("kind__order", "sort_key", "id"))
        out.extend(nodes)
        level = list(Pairing.objects.filter(parent_id__in=level).values_list("pk", flat=True))
    return out


@dataclass
class SideCount:
    itemised: int = 0
    aggregate: int = 0

    @property
    def total(self) -> int:
        return self.itemised + self.aggregate


@dataclass
class PartyTotals:
    """How many helpers and helped a set of pairings holds, itemised and aggregate kept apart."""

    helpers: SideCount = field(default_factory=SideCount)
    helped: SideCount = field(default_factory=SideCount)
    pairings: int = 0
    aggregate_pairings: int = 0


def _descendants(root_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, str]]:
    """Children of every pairing under the roots, and each one's kind, level by level."""
    children: dict[int, list[int]] = {}
    kinds = dict(Pairing.objects.filter(pk__in=root_ids).values_list("pk", "kind_id"))
    expanded: set[int] = set()
    frontier = list(root_ids)
    while frontier:
        # A root nested under another root is reached twice; expand each pairing once.
        expanded.update(frontier)
        rows = list(Pairing.objects.filter(parent_id__in=frontier).order_by().values_list("pk", "parent_id", "kind_id"))
        for pk, parent_id, kind_id in rows:
            children.setdefault(parent_id, []).append(pk)
            kinds[pk] = kind_id
        frontier = [pk for pk, _, _ in rows if pk not in expanded]
    return children, kinds


def _subtree(root: int, children: dict[int, list[int]]) -> list[int]:
    out, stack = [], [root]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children.get(node, []))
    return out


def pairings_party_totals(roots, *, kind: str | None = None, same_kind: bool = False) -> dict[int, PartyTotals]:
    """Roll-ups for many pairings in a fixed number of queries (list pages and the API).

    Each root counts itself and the pairings nested under it, all of them or only those of
    ``kind`` (or, with ``same_kind``, of the root's own kind).
    """
    root_ids = [getattr(r, "pk", r) for r in roots]
    children, kinds = _descendants(root_ids)
    sums: dict[int, list[tuple[str, str, int]]] = {}
    for pairing_id, role, party_type, count in PairingParty.objects.filter(pairing_id__in=list(kinds)).values_list(
        "pairing_id", "role", "party_type", "count"
    ):
        sums.setdefault(pairing_id, []).append((role, party_type, count))
    result = {}
    for root in root_ids:
        wanted = kinds[root] if same_kind else kind
        totals = PartyTotals()
        for node in _subtree(root, children):
            if wanted and kinds[node] != wanted:
                continue
            totals.pairings += 1
            parties = sums.get(node, [])
            totals.aggregate_pairings += any(t == PartyType.GROUP for _, t, _ in parties)
            for role, party_type, count in parties:
                side = totals.helpers if role == PartyRole.HELPER else totals.helped
                if party_type == PartyType.GROUP:
                    side.aggregate += count
                else:
                    side.itemised += 1
        result[root] = totals
    return result


def pairing_party_totals(*, root: Pairing, kind: str | None = None) -> PartyTotals:
    """Roll-up over ``root`` and its nested pairings, optionally of one kind ("village" …)."""
    return pairings_party_totals([root], kind=kind)[root.pk]


@dataclass
class Coverage:
    target: CoverageTarget
    region: Region
    year: int
    role: str
    itemised_targets: list  # regions or organisations
    itemised_paired: list
    aggregate_paired: int
    reported: Reported | None

    @property
    def target_total(self) -> int:
        return self.reported.count if self.reported else len(self.itemised_targets)

    @property
    def target_basis(self) -> str:
        return "reported" if self.reported else "itemised"

    @property
    def paired_total(self) -> int:
        return min(self.target_total, len(self.itemised_paired) + self.aggregate_paired)

    @property
    def excess(self) -> int:
        """Paired members beyond the target count: a sign of double counting or a stale target."""
        return max(0, len(self.itemised_paired) + self.aggregate_paired - self.target_total)

    @property
    def unpaired_total(self) -> int:
        return self.target_total - self.paired_total

    @property
    def unpaired_itemised(self) -> list:
        paired = {getattr(x, "pk", x) for x in self.itemised_paired}
        return [t for t in self.itemised_targets if t.pk not in paired]

    @property
    def share(self) -> Decimal | None:
        """Paired share in percent, one decimal place; None when there is no target."""
        if not self.target_total:
            return None
        return (Decimal(self.paired_total * 100) / self.target_total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def complete(self) -> bool:
        return self.target_total > 0 and self.paired_total == self.target_total

    @property
    def basis_text(self) -> str:
        """How the figure was reached, in the words offices use."""
        parts = []
        if self.reported:
            parts.append(
                f"目标数 {self.target_total}（{self.reported.year}年报告数；区划中逐一标注 {len(self.itemised_targets)} 个）"
            )
        else:
            parts.append(f"目标数 {self.target_total}（逐一标注）")
        parts.append(f"已结对 {self.paired_total} = 逐一登记 {len(self.itemised_paired)} + 汇总记录 {self.aggregate_paired}")
        if self.excess:
            parts.append(f"另有 {self.excess} 超出目标数，请核对是否重复计数")
        return "；".join(parts)


def _itemised_targets(target: CoverageTarget, region: Region, year: int) -> list:
    prefix = region.prefix
    if target.basis == TargetBasis.DESIGNATION:
        return list(designated_regions(prefix=prefix, year=year, kind=target.designation, exited=target.exited))
    if target.basis == TargetBasis.REGION_KIND:
        return list(regions_in(prefix).filter(kind__in=target.region_kinds.split(",")))
    return list(
        Organisation.objects.filter(region__code__startswith=prefix, kind_id__in=target.org_kinds.split(",")).select_related("region")
    )


def coverage(*, target: str | CoverageTarget, region: Region, year: int, role: str = PartyRole.HELPED, within: Pairing | None = None) -> Coverage:
    """The paired share of ``target`` in ``region`` for ``year``, itemised and aggregate apart.

    ``within`` limits the pairings counted to one pair and those nested under it (e.g. the town
    pairs under Kunshan ↔ Bijiang); otherwise every pairing active in the year counts.
    """
    if isinstance(target, str):
        target = CoverageTarget.objects.get(code=target)
    targets = _itemised_targets(target, region, year)
    pairings = Pairing.objects.active_in(year)
    if within is not None:
        pairings = pairings.filter(pk__in=pairing_subtree_ids(within))
    parties = PairingParty.objects.filter(
        pairing__in=pairings, role=role, region__code__startswith=region.prefix
    ).select_related("member_kind")
    by_key = {t.pk: t for t in targets}
    itemised_paired: dict = {}
    aggregate = 0
    for party in parties:
        if party.party_type == PartyType.GROUP:
            if target.group_matches(party):
                aggregate += party.count
        elif target.basis == TargetBasis.ORG_KIND:
            if party.organisation_id in by_key:
                itemised_paired[party.organisation_id] = by_key[party.organisation_id]
        elif party.party_type == PartyType.REGION and party.region_id in by_key:
            itemised_paired[party.region_id] = by_key[party.region_id]
    reported = (
        reported_value(region_code=region.code, indicator=target.reported_indicator, year=year)
        if target.reported_indicator
        else None
    )
    return Coverage(target, region, year, role, targets, list(itemised_paired.values()), aggregate, reported)


def main_regions(pairing: Pairing) -> tuple[Region | None, Region | None]:
    """The highest-level itemised region on each side: Kunshan and Bijiang for their county pair."""
    def top(role):
        regions = [p.region for p in pairing.party_list() if p.role == role and p.party_type == PartyType.REGION]
        return min(regions, key=lambda r: r.level) if regions else None

    return top(PartyRole.HELPER), top(PartyRole.HELPED)


def two_way_coverage(*, pairing: Pairing, target: str = "towns_and_streets", year: int) -> tuple[Coverage | None, Coverage | None]:
    """Both sides of a pair: are all towns on the eastern side and all on the western side paired?"""
    east, west = main_regions(pairing)
    return (
        coverage(target=target, region=east, year=year, role=PartyRole.HELPER, within=pairing) if east else None,
        coverage(target=target, region=west, year=year, role=PartyRole.HELPED, within=pairing) if west else None,
    )


def coverage_for_region(*, region: Region, year: int) -> list[Coverage]:
    """Every target set for one (western) region: the coverage page's rows."""
    return [coverage(target=t, region=region, year=year) for t in CoverageTarget.objects.all()]


def pairing_network(*, user, root: Pairing | None = None, kind: str = "") -> dict:
    """Nodes and links for the network chart (STYLE habit 12: the selector returns the series)."""
    pairings = pairing_subtree(root) if root else list(pairings_for(user=user, kind=kind)[:300])
    visible = set(Pairing.objects.visible_to(user).filter(pk__in=[p.pk for p in pairings]).values_list("pk", flat=True))
    nodes: dict[str, dict] = {}
    links = []
    for pairing in pairings:
        if pairing.pk not in visible:
            continue
        parties = pairing.party_list()
        helpers = [p for p in parties if p.role == PartyRole.HELPER]
        helped = [p for p in parties if p.role == PartyRole.HELPED]
        for p in parties:
            node = nodes.setdefault(_node_key(p), {"id": _node_key(p), "name": p.describe(), "category": 0 if p.role == PartyRole.HELPER else 1, "value": 0})
            node["value"] += p.count
        for a in helpers:
            for b in helped:
                links.append({"source": _node_key(a), "target": _node_key(b), "name": pairing.kind.name})
    return {"nodes": list(nodes.values()), "links": links}


def _node_key(party: PairingParty) -> str:
    """One node per party: the same organisation or region in two pairings is one node."""
    return f"{party.party_type}:{party.organisation_id or party.region_id}:{party.member_kind_id or ''}:{party.exited}"


def pairings_involving(*, user, organisation: Organisation | None = None, region: Region | None = None) -> QuerySet[Pairing]:
    """Pairings the user may see in which ``organisation``, or ``region`` itself, is a party.

    ``region`` matches the parties located there (its government, its organisations, its counted
    groups), not its whole subtree: a county's subtree is the list page's region filter.
    """
    parties = PairingParty.objects.all()
    if organisation is not None:
        parties = parties.filter(organisation=organisation)
    if region is not None:
        parties = parties.filter(region=region)
    # A subquery rather than a join: no DISTINCT over pairings that have several matching parties.
    return pairings_for(user=user).filter(pk__in=parties.values("pairing_id"))


def pairing_suggestions(*, user, query: str, limit: int = 20) -> list[Pairing]:
    """Visible pairings whose reference or name contains ``query``, those whose reference starts
    with it first: the suggestions for a parent-pairing input."""
    from django.db.models import Case, IntegerField, Q, Value, When

    if not query:
        return []
    rows = pairings_for(user=user).filter(Q(reference__icontains=query) | Q(name__contains=query))
    rows = rows.annotate(
        starts=Case(When(reference__istartswith=query, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("starts", "reference")
    return list(rows[:limit])
