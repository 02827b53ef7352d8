"""The one scoping method (STYLE habit 3).

Every queryset that reaches a user goes through ``Model.objects.visible_to(user, action)``, and
every write goes through ``scope_require``. A role is held on a region subtree, i.e. a code
prefix, optionally limited to one side of a pairing. Models say how their rows map to region
codes by implementing ``scope_q(prefix, side, action)`` (querysets) and ``scope_points()`` (a write).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from .models import WRITING_ROLES


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
            cache[(self.model, action)] = q
        return self.filter(q)


class ScopedModel(models.Model):
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


def scope_require(user, obj, action: str = Action.CHANGE) -> None:
    """Raise PermissionDenied unless ``user`` may act on ``obj`` as it stands now."""
    scope = scope_for(user, action)
    # Reference data (kinds, indicators) sits nowhere in the tree: only a nationwide role may touch it.
    points = obj.scope_points() if hasattr(obj, "scope_points") else [("", "")]
    if scope.everything or any(scope.covers(code, side) for code, side in points):
        return
    where = "、".join(sorted({code for code, _ in points if code})) or "（未指定区划）"
    raise PermissionDenied(f"超出权限范围：您的授权不覆盖区划 {where}。")
