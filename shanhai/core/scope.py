"""The one scoping method (STYLE habit 3) and the one write rule (ADR 010).

Every queryset that reaches a user goes through ``Model.objects.visible_to(user, action)``, and
every write through ``write_require`` (called by the audited save every service uses). A role is
held on a region subtree, i.e. a code prefix, optionally limited to one side of a pairing. Models
say how their rows map to region codes by implementing ``scope_q(prefix, side, action)``
(querysets) and ``scope_points()`` (a write), and which side keeps them with ``keeper_side``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import WRITING_ROLES, Side, Versioned


class Action:
    VIEW = "view"
    CHANGE = "change"


@dataclass(frozen=True)
class Grant:
    prefix: str  # region code prefix; "" = the whole country
    side: str  # "east", "west" or "" for both


@dataclass(frozen=True)
class Scope:
    everything: bool
    grants: tuple[Grant, ...]

    def covers(self, code: str, side: str = "") -> bool:
        """Whether a record at region ``code`` on ``side`` lies inside this scope."""
        if self.everything:
            return True
        return any(
            code.startswith(g.prefix) and (not g.side or not side or g.side == side) for g in self.grants
        )

    @property
    def prefixes(self) -> list[str]:
        return sorted({g.prefix for g in self.grants})


def scope_for(user, action: str = Action.VIEW) -> Scope:
    if not user or not user.is_authenticated or not user.is_active:
        return Scope(False, ())
    cache = user.__dict__.setdefault("_shanhai_scope", {})
    if action in cache:
        return cache[action]
    if user.is_superuser:
        scope = Scope(True, ())
    else:
        grants = []
        for ra in user.role_assignments.all():
            if action == Action.CHANGE and ra.role not in WRITING_ROLES:
                continue
            # Seeing goes by region alone; the side limits only what a role may write.
            grants.append(Grant(ra.region_code, ra.side if action == Action.CHANGE else ""))
        scope = Scope(any(g.prefix == "" and not g.side for g in grants), tuple(grants))
    cache[action] = scope
    return scope


# ---------------------------------------------------------------- counterparts

# Who a user is paired with: the region prefixes of the parties on the other side of every pairing
# in which the user holds a party. The pairings app registers the function, so core names no app.
_COUNTERPARTS: Callable[[Scope], tuple[str, ...]] | None = None


def register_counterparts(resolver: Callable[[Scope], tuple[str, ...]]) -> None:
    global _COUNTERPARTS
    _COUNTERPARTS = resolver


def counterparts(user, action: str = Action.CHANGE) -> tuple[str, ...]:
    """Region prefixes across the pairings the user holds a party of (Kunshan's: 520602, Bijiang)."""
    scope = scope_for(user, action)
    if scope.everything or not scope.grants or _COUNTERPARTS is None:
        return ()
    cache = user.__dict__.setdefault("_shanhai_counterparts", {})
    if action not in cache:
        cache[action] = _COUNTERPARTS(scope)
    return cache[action]


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str = Action.VIEW):
        scope = scope_for(user, action)
        if scope.everything:
            return self
        if not scope.grants:
            return self.none()
        # The condition depends only on the model, the action and the user's grants: build it once
        # per user object (a dashboard asks for dozens of figures over the same few models).
        cache = user.__dict__.setdefault("_shanhai_scope_q", {})
        q = cache.get((self.model, action))
        if q is None:
            q = Q()
            for grant in scope.grants:
                q |= self.model.scope_q(prefix=grant.prefix, side=grant.side, action=action)
            if action == Action.VIEW and getattr(self.model, "visible_across_pairs", False):
                # Both sides read the whole pair: Kunshan finds Bijiang's villages and organisations.
                reach = counterparts(user, Action.VIEW)
                for prefix in reach:
                    q |= self.model.scope_q(prefix=prefix, side="", action=action)
                if getattr(self.model, "visible_from_below", False):
                    # An actor above the pair acting inside it (苏州's state enterprise in Kunshan ↔
                    # Bijiang): read, to be named, by the pair's offices on both sides; never changed.
                    above = {code for prefix in (*(g.prefix for g in scope.grants), *reach) for code in ancestor_codes(prefix)}
                    if above:
                        q |= Q(**{f"{self.model.scope_lookup}__in": sorted(above)})
            cache[(self.model, action)] = q
        return self.filter(q)


class ScopedModel(Versioned):
    """Rows that sit at one region. Models with several regions override both methods."""

    # The lookup to the region code (read) and the attribute holding it (write). Going through
    # the related model's primary key, Django filters on the local column without a join.
    scope_lookup = "region__code"
    scope_attname = "region_id"

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = Action.VIEW) -> Q:
        return Q(**{f"{cls.scope_lookup}__startswith": prefix}) if prefix else Q()

    def scope_points(self) -> list[tuple[str, str]]:
        """(region code, side) pairs this record speaks for; a writer must cover one of them."""
        code = getattr(self, self.scope_attname) or ""
        return [(code, "")]


def ancestor_codes(prefix: str) -> list[str]:
    """'320583' → ['320000000000', '320500000000']: the province and city holding a region subtree."""
    prefix = significant_prefix(prefix)
    return [prefix[:n].ljust(12, "0") for n in (2, 4, 6, 9) if n < len(prefix)]


def significant_prefix(code: str) -> str:
    """'520600000000' → '5206': a padded division code's subtree is its significant prefix."""
    code = "".join(ch for ch in code if ch.isdigit())
    for length, tail in ((12, 9), (9, 6), (6, 4), (4, 2)):
        if len(code) == length and set(code[tail:]) == {"0"}:
            code = code[:tail]
    return code


def record_visible(model, *, user, **lookup):
    """The one scoped resolver: the record a reference names (``reference="KS-BJ"``), among those
    ``user`` reads; None when there is none or it lies beyond the user's sight. Forms, the API and
    imports all resolve what a row points to through it, so a refusal never says where a record is."""
    return model.objects.visible_to(user).filter(**lookup).first()


def not_visible_message(model, value) -> str:
    """'结对编号不存在或不在您的权限范围内：KS-BJ': the same words whether it is missing or hidden."""
    try:
        label = str(model._meta.get_field("reference").verbose_name)
    except Exception:  # noqa: BLE001  a model without a reference field is named by its kind
        label = ""
    if not label.endswith("编号") or label == "台账编号":
        label = f"{model._meta.verbose_name}编号"
    return _("%(label)s不存在或不在您的权限范围内：%(ref)s") % {"label": label, "ref": value}


SIDE_NAMES = {Side.EAST: "东部（帮扶方）", Side.WEST: "西部（受帮扶方）"}


def _points(obj) -> list[tuple[str, str]]:
    # Reference data (kinds, indicators) sits nowhere in the tree: only a nationwide role may touch it.
    return obj.scope_points() if hasattr(obj, "scope_points") else [("", "")]


def _own_points(obj) -> list[tuple[str, str]]:
    """The points a record sets itself; those it inherits from a record it points to (an output's
    project) are that record's, and reaching that record is checked on its own."""
    return obj.own_points() if hasattr(obj, "own_points") else _points(obj)


def located(obj) -> bool:
    """Whether the record names a region on its keeping side yet (an incomplete row is told what it
    lacks before anything else)."""
    keeper = keeper_side(obj)
    return any(code for code, side in _points(obj) if not keeper or side in ("", keeper))


def keeper_side(obj) -> str:
    """The side whose office keeps the record (its figures and its own region); "" for both."""
    return getattr(obj, "keeper_side", "") or ""


def scope_require(user, obj, action: str = Action.CHANGE) -> None:
    """Raise PermissionDenied unless ``user`` may act on ``obj`` as it stands now.

    For a change, the user must hold one of the record's points on the side that keeps it: the
    eastern office Kunshan's 1.2 亿元 is Kunshan's to change, though Bijiang reads it.
    """
    scope = scope_for(user, action)
    if scope.everything:
        return
    points = _points(obj)
    keeper = keeper_side(obj) if action == Action.CHANGE else ""
    kept = [(c, s) for c, s in points if c and s in ("", keeper)] if keeper else points
    if any(scope.covers(code, side) for code, side in kept or points):
        return
    if keeper and any(scope.covers(code, side) for code, side in points):
        raise PermissionDenied(
            _("此记录由%(side)s一方填写，您可以查看，不能修改；如有出入，请与对方核对。") % {"side": SIDE_NAMES[keeper]}
        )
    where = "、".join(sorted({code for code, _side in points if code})) or _("（未指定区划）")
    raise PermissionDenied(_("超出权限范围：您的授权不覆盖区划 %(where)s。") % {"where": where})


def _reachable(scope, reach):
    within = tuple(scope.prefixes) + reach

    def free(code):
        # Inside one's own regions or a counterpart's, or the city or province that holds them (a
        # Tongren city school teaches Bijiang's order class): never a sibling county.
        return code.startswith(within) or any(prefix.startswith(significant_prefix(code)) for prefix in within)

    return free


def delete_require(user, obj) -> None:
    """The write rule for a deletion: the record is the writer's (rule 1), and every region it names
    lies within the writer's own pairs (rule 2), since a deletion removes them all: the 思渠镇
    operator does not delete a record that names 张家港."""
    scope_require(user, obj, Action.CHANGE)
    scope = scope_for(user, Action.CHANGE)
    if scope.everything:
        return
    free = _reachable(scope, counterparts(user, Action.CHANGE))
    for code, _side in sorted({p for p in _own_points(obj) if p[0]}):
        if not free(code):
            raise PermissionDenied(
                _("区划 %(code)s 不在您的结对范围内，记录中的这一方只能由其所在单位改动。") % {"code": code}
            )


def write_require(user, *, before, after, seen: set | None = None) -> None:
    """The one write rule (ADR 010): raise PermissionDenied unless ``user`` may turn ``before``
    (the stored record, None for a new one) into ``after``. ``seen`` (one set for one user's many
    records: an import) keeps the referenced records already found readable, not asked again.

    1. The record as it was and as it will be is the writer's: a point on its keeping side lies
       in the writer's regions (and side).
    2. Every other point the writer sets lies in the writer's own regions or across its own
       pairings: Kunshan names a Bijiang village as recipient, never a Yanhe one; and a point
       beyond both stays as it was.
    3. Every record it points to (pairing, fund, project, organisation …) is one the writer reads.
    """
    scope = scope_for(user, Action.CHANGE)
    if scope.everything:
        return
    if before is not None:
        scope_require(user, before, Action.CHANGE)
    scope_require(user, after, Action.CHANGE)
    reach = counterparts(user, Action.CHANGE)
    free = _reachable(scope, reach)
    old = {p for p in _own_points(before) if p[0]} if before is not None else set()
    new = {p for p in _own_points(after) if p[0]}
    for code, _side in sorted(new - old):
        if not free(code):
            raise PermissionDenied(
                _("区划 %(code)s 不在您的结对范围内：您只能填写本单位的区划（%(own)s）或与之结对的区划（%(reach)s）。")
                % {"code": code, "own": "、".join(scope.prefixes) or "—", "reach": "、".join(reach) or "—"}
            )
    for code, _side in sorted(old - new):
        if not free(code):
            raise PermissionDenied(
                _("区划 %(code)s 不在您的结对范围内，记录中的这一方只能由其所在单位改动。") % {"code": code}
            )
    for field in after._meta.concrete_fields:
        related = field.related_model if field.many_to_one or field.one_to_one else None
        value = getattr(after, field.attname, None) if related is not None else None
        if value is None or not hasattr(related.objects, "visible_to") or getattr(related, "named_freely", False):
            continue
        if before is not None and getattr(before, field.attname, None) == value:
            continue
        if seen is not None and (related, value) in seen:
            continue
        if not related.objects.visible_to(user).filter(pk=value).exists():
            raise PermissionDenied(
                _("%(field)s：所指的%(model)s不存在或不在您的权限范围内。")
                % {"field": field.verbose_name, "model": related._meta.verbose_name}
            )
        if seen is not None:
            seen.add((related, value))
