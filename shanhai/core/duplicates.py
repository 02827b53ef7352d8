"""Likely duplicates (疑似重复): one visit, gift or fund entered once by each side of a pair, under two
references (issue 11 point 7).

Two records of one ledger are likely the same when they have the same pair (or the same eastern and
western regions), the same kind where the ledger has one, the same main figure and the same year,
different references, and were entered by offices of different sides: who entered a record is the
actor of its creation in the audit trail, and that actor's side is the side of its role. Two like
records one office entered are two records (two towns' visits each gave 60万元), and a record entered
by a nationwide role (the demo's loader) belongs to no side, so neither is a likely duplicate.

Nothing is marked: the pairs are listed (the reconciliation page) and asked about at import. Two
records the offices find distinct stay listed until one of them differs (its figure, year or pair
corrected); a mistaken one is deleted by the side that keeps it.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast

from .models import AuditAction, AuditEntry, RoleAssignment
from .money import MoneyField, format_money
from .records import LedgerRecord, main_figure_of


def user_side(user) -> str:
    """The side a user's office is on ('east', 'west'), '' for a role on neither or both."""
    sides = set(RoleAssignment.objects.filter(user=user).exclude(side="").values_list("side", flat=True))
    return sides.pop() if len(sides) == 1 else ""


@dataclass(frozen=True)
class DuplicateKey:
    """The fields that make two records of a model one thing: figure, year, kind, pair or regions."""

    figure: str
    year: str
    kind: str  # attname: "kind_id", "kind" or ""
    pairing: str  # attname: "pairing_id" or ""
    east: str
    west: str


def duplicate_key(model) -> DuplicateKey | None:
    """None for a model that cannot have likely duplicates (no year, no main figure or no regions)."""
    if not (isinstance(model, type) and issubclass(model, LedgerRecord)):
        return None
    names = {f.name: f for f in model._meta.concrete_fields}
    figure = main_figure_of(model)
    if "year" not in names or figure not in names:
        return None
    kind = names["kind"].attname if "kind" in names else ""  # "kind_id" for a kind held as data
    pairing_name = getattr(model, "scope_pairing_field", "") or ""
    pairing = names[pairing_name].attname if pairing_name in names and names[pairing_name].is_relation else ""
    east, west = model.east_region_field, model.west_region_field
    try:
        for path in (east, west):
            _field_at(model, path)
    except FieldDoesNotExist:
        return None
    return DuplicateKey(figure, "year", kind, pairing, east, west)


def _field_at(model, path: str):
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(last)


def _value_at(obj, path: str):
    """The key value of ``obj`` at ``path`` ("fund__east_region" → its fund's east region code)."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None) if obj._meta.get_field(last).is_relation else getattr(obj, last, None)


def entered(queryset):
    """The records annotated with who entered them (``_entered_by``: the actor of the creation in the
    audit trail) and that user's side (``_entered_side``), in SQL."""
    model = queryset.model
    created = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), action=AuditAction.CREATE,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by("at", "id").values("actor")[:1]
    # A user on one side only: a role on both sides (a work team) or none (nationwide) is no side.
    sides = RoleAssignment.objects.filter(user=OuterRef("_entered_by")).exclude(side="")
    one_side = sides.values("user").annotate(n=models.Count("side", distinct=True), s=models.Min("side")).filter(n=1).values("s")[:1]
    return queryset.annotate(_entered_by=Subquery(created)).annotate(_entered_side=Subquery(one_side))


def _same_thing(key: DuplicateKey, *, outer=True, values: dict | None = None) -> Q:
    """Q for the records sharing the key with the outer record (or with ``values``)."""

    def ref(name):
        return OuterRef(name) if values is None else values[name]

    q = Q(**{key.year: ref(key.year), key.figure: ref(key.figure)})
    if key.kind:
        q &= Q(**{key.kind: ref(key.kind)})
    where = Q(**{key.east: ref(key.east), key.west: ref(key.west)})
    if key.pairing:
        same_pair = Q(**{key.pairing: ref(key.pairing)})
        if values is not None and values.get(key.pairing) is None:
            same_pair = Q(pk__in=[])
        where |= same_pair
    return q & where


@dataclass(frozen=True)
class DuplicatePair:
    """Two records of one ledger that are likely the same, with who entered each."""

    first: models.Model
    second: models.Model
    first_by: object
    second_by: object
    first_side: str
    second_side: str
    figure: str

    @property
    def ledger(self) -> str:
        """The ledger's title (考察互访), else the model's name."""
        from .ledger import ledger_for_model

        found = ledger_for_model(type(self.first))
        return str(found.title) if found else str(type(self.first)._meta.verbose_name)

    def _url(self, obj) -> str:
        from .ledger import ledger_for_model

        found = ledger_for_model(type(obj))
        return found.url("detail", obj.pk) if found else ""

    @property
    def first_url(self) -> str:
        return self._url(self.first)

    @property
    def second_url(self) -> str:
        return self._url(self.second)

    @property
    def first_by_text(self) -> str:
        return entered_by_text(self.first_by)

    @property
    def second_by_text(self) -> str:
        return entered_by_text(self.second_by)

    @property
    def year(self) -> int:
        return self.first.year

    @property
    def amount(self):
        return getattr(self.first, self.figure)

    @property
    def amount_text(self) -> str:
        return figure_text(type(self.first), self.figure, self.amount)

    @property
    def figure_label(self) -> str:
        return str(type(self.first)._meta.get_field(self.figure).verbose_name)


def figure_text(model, field: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(model._meta.get_field(field), MoneyField):
        return format_money(value)
    return f"{value:,}"


def entered_by_text(user) -> str:
    """'昆山市对口帮扶办（kunshan）'."""
    if user is None:
        return "—"
    name = user.first_name or user.get_full_name()
    return f"{name}（{user.username}）" if name else user.username


def _ledger_models() -> list:
    from .ledger import ledgers_all

    return [ledger.model for ledger in ledgers_all() if duplicate_key(ledger.model) is not None]


def likely_duplicates(*, user, models=None, pairing_ids=None, year: int | None = None) -> list[DuplicatePair]:
    """The pairs of likely duplicates among the records ``user`` reads, in ``models`` (every ledger
    when none), one of the two filed under ``pairing_ids`` when given (a pair and its subtree), of
    ``year`` when given.

    SQL finds the records that have a partner (an EXISTS over the same key entered by the other side);
    only those few are paired up here."""
    out: list[DuplicatePair] = []
    users = {}
    for model in models or _ledger_models():
        key = duplicate_key(model)
        if key is None:
            continue
        visible = model.objects.visible_to(user).filter(**{f"{key.figure}__isnull": False, f"{key.year}__isnull": False})
        if year is not None:
            visible = visible.filter(**{key.year: year})
        partner = entered(visible).filter(_same_thing(key)).exclude(reference=OuterRef("reference")).exclude(
            _entered_side__isnull=True
        ).exclude(_entered_side=OuterRef("_entered_side"))
        flagged = list(
            entered(visible).exclude(_entered_side__isnull=True).filter(Exists(partner)).order_by("reference")
        )
        if not flagged:
            continue
        wanted = {r._entered_by for r in flagged} - set(users)
        users.update({u.pk: u for u in get_user_model().objects.filter(pk__in=wanted)})
        for i, a in enumerate(flagged):
            for b in flagged[i + 1:]:
                if a._entered_side == b._entered_side or not _match(key, a, b):
                    continue
                if pairing_ids is not None and not ({_pairing_of(key, a), _pairing_of(key, b)} & set(pairing_ids)):
                    continue
                out.append(DuplicatePair(a, b, users.get(a._entered_by), users.get(b._entered_by),
                                         a._entered_side, b._entered_side, key.figure))
    return out


def _pairing_of(key: DuplicateKey, obj):
    return getattr(obj, key.pairing) if key.pairing else None


def _match(key: DuplicateKey, a, b) -> bool:
    if (getattr(a, key.year), getattr(a, key.figure)) != (getattr(b, key.year), getattr(b, key.figure)):
        return False
    if key.kind and getattr(a, key.kind) != getattr(b, key.kind):
        return False
    if key.pairing and _pairing_of(key, a) is not None and _pairing_of(key, a) == _pairing_of(key, b):
        return True
    return _value_at(a, key.east) == _value_at(b, key.east) and _value_at(a, key.west) == _value_at(b, key.west)


def duplicates_of(obj, *, actor, side: str | None = None) -> list:
    """The records ``actor`` reads that ``obj`` (unsaved, as an import would write it) would likely
    duplicate: entered by the other side's office. Each comes annotated with ``_entered_by``."""
    return duplicates_of_many([obj], actor=actor, side=side)[0]


def duplicates_of_many(objs: list, *, actor, side: str | None = None) -> list[list]:
    """``duplicates_of`` for each of many records of one model (a file's rows), in three queries
    however many: the stored records sharing a year and a figure with any of them, matched here by
    the whole key (``_match``), then who entered the few that match. ``side`` is
    ``user_side(actor)`` when the caller has it already."""
    out: list[list] = [[] for _obj in objs]
    if not objs:
        return out
    model = type(objs[0])
    key = duplicate_key(model)
    side = user_side(actor) if side is None else side
    wanted = [
        (i, obj) for i, obj in enumerate(objs)
        if getattr(obj, key.figure, None) is not None and getattr(obj, key.year, None) is not None
    ] if key is not None and side else []
    if not wanted:
        return out
    years = sorted({getattr(obj, key.year) for _i, obj in wanted})
    figures = sorted({getattr(obj, key.figure) for _i, obj in wanted})
    # The stored records by the key as ``_match`` reads it: the same pair, or the same two regions.
    by_pair: dict[tuple, list] = {}
    by_regions: dict[tuple, list] = {}

    def keys(r) -> tuple[tuple | None, tuple]:
        common = (getattr(r, key.year), getattr(r, key.figure), getattr(r, key.kind) if key.kind else None)
        pair = _pairing_of(key, r)
        return ((*common, pair) if pair is not None else None), (*common, _value_at(r, key.east), _value_at(r, key.west))

    visible = model.objects.visible_to(actor).filter(**{f"{key.year}__in": years})
    for start in range(0, len(figures), 900):  # SQLite's limit of bound values
        for stored in visible.filter(**{f"{key.figure}__in": figures[start:start + 900]}):
            pair, regions = keys(stored)
            if pair is not None:
                by_pair.setdefault(pair, []).append(stored)
            by_regions.setdefault(regions, []).append(stored)
    matched: dict[int, list] = {}
    for i, obj in wanted:
        pair, regions = keys(obj)
        candidates = {c.pk: c for c in [*(by_pair.get(pair, []) if pair is not None else []), *by_regions.get(regions, [])]}
        found = [c for c in candidates.values() if c.reference != obj.reference]
        if found:
            matched[i] = found
    pks = {c.pk for found in matched.values() for c in found}
    if not pks:
        return out
    sides = {
        r.pk: r for r in entered(model.objects.filter(pk__in=pks)).exclude(_entered_side__isnull=True).exclude(_entered_side=side)
    }
    for i, found in matched.items():
        out[i] = sorted((sides[c.pk] for c in found if c.pk in sides), key=lambda r: r.reference)
    return out
