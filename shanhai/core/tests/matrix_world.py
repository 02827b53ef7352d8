"""The permission matrix's world: where a record lies, read from its model's declarations, and the
records each ledger is probed on (test_permission_matrix.py).

Nothing here decides who may do what. It answers "which regions, on which side, does this record
name; which side keeps it; which pairing is it filed under; which records does it point to", from
the data the models declare (``keeper_side``, ``east_region_field``/``west_region_field``, the
pairing a record is attached to, a pairing's parties), and it builds the probes:

    KS-BJ     a demo record filed under 昆山 ↔ 碧江; where every such record is still pointed to by
              others (it could not be deleted), a copy of one; where the demo has none there, a
              copy of one from elsewhere moved to 320583 ↔ 520602; where the demo has none at all
              (distributions, payments, asset incomes, charity disbursements, job fairs, training
              batches), one built from a recipe below
    KS-BJ-WE  for records kept by the sending side: the same, sent west to east (kept by the west)
    ZJG-YH    the KS-BJ record copied to 张家港 ↔ 沿河, its eastern regions 320582 and its western
              ones 高山村 (520627107211, in the 思渠镇 operator's town)
    NATION    reference data that lies nowhere (indicator sets, indicators)

Every probe is a leaf: nothing points to it, so a writer's DELETE is answered by the rule alone.
Records a probe needs to point to (a project for an output) are separate copies ("supports").
"""

import datetime
import inspect
import itertools
import re
from functools import cache

from django.contrib.auth import get_user_model
from django.db import models

from shanhai.core.ledger import ledgers_all
from shanhai.core.models import Side
from shanhai.core.records import SidedRecord
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing, PairingAttached, PartyRole
from shanhai.regions.models import Region

# ---------------------------------------------------------------- where a record lies


def is_national(model) -> bool:
    """Reference data kept by the national office: it lies in no region (``national_only``)."""
    return bool(getattr(model, "national_only", False))


def is_directional(model) -> bool:
    """Records whose keeping side follows their direction (talent sent, trained): a property."""
    return isinstance(inspect.getattr_static(model, "keeper_side", None), property)


def keeper(obj) -> str:
    """The side that keeps the record, as its model declares it; "" for both."""
    return str(getattr(obj, "keeper_side", "") or "")


def _follow(obj, path: str):
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def _paths(model) -> list[tuple[str, str]]:
    return [(model.east_region_field, Side.EAST), (model.west_region_field, Side.WEST)]


def party_side(role: str) -> str:
    return Side.EAST if role == PartyRole.HELPER else Side.WEST


_PARTIES: dict[int, list[tuple[str, str]]] = {}  # the demo's pairings do not change in the matrix


def parties(pairing) -> list[tuple[str, str]]:
    if pairing.pk not in _PARTIES:
        _PARTIES[pairing.pk] = [(p.region_id, party_side(p.role)) for p in pairing.parties.all()]
    return _PARTIES[pairing.pk]


def points(obj) -> list[tuple[str, str]]:
    """Every (region code, side) the record lies at, its own and those it inherits."""
    if isinstance(obj, Pairing):
        return parties(obj)
    if isinstance(obj, PairingAttached):
        return parties(obj.pairing) if obj.pairing_id else []
    if is_national(type(obj)):
        return []
    if isinstance(obj, SidedRecord):
        return [(code, side) for path, side in _paths(type(obj)) if (code := _follow(obj, path))]
    if isinstance(obj, Region):
        return [(obj.code, "")]
    code = getattr(obj, "region_id", None)
    return [(code, "")] if code else []


def own_points(obj) -> list[tuple[str, str]]:
    """The regions the record sets itself (an output's places are its project's, not its own)."""
    if isinstance(obj, PairingAttached) or is_national(type(obj)):
        return []
    if isinstance(obj, SidedRecord):
        return [(code, side) for path, side in _paths(type(obj)) if "__" not in path and (code := _follow(obj, path))]
    return points(obj)


def parents(obj) -> list:
    """The records a record inherits its place from (an output's project, an allocation's fund)."""
    if not isinstance(obj, SidedRecord):
        return []
    found = []
    for path, _side in _paths(type(obj)):
        if "__" in path:
            parent = getattr(obj, path.split("__")[0], None)
            if parent is not None and parent not in found:
                found.append(parent)
    return found


def filed_under(obj):
    """The pairing a record is filed under, if it is filed under one."""
    if isinstance(obj, PairingAttached):
        return obj.pairing if obj.pairing_id else None
    name = getattr(type(obj), "scope_pairing_field", "") or ""
    try:
        field = type(obj)._meta.get_field(name) if name else None
    except Exception:  # noqa: BLE001  a model naming a pairing field it does not have files nothing
        return None
    if field is None or field.related_model is not Pairing:
        return None
    return getattr(obj, name)


def pointed_to(obj, fields) -> list:
    """The records among ``fields`` that the record points to (regions and kinds are named freely)."""
    found = []
    for name in fields:
        field = type(obj)._meta.get_field(name)
        if not (field.many_to_one or field.one_to_one) or field.related_model is Region:
            continue
        if not hasattr(field.related_model.objects, "visible_to"):
            continue  # reference kinds: everybody reads them
        value = getattr(obj, name)
        if value is not None:
            found.append(value)
    return found


def significant(code: str) -> str:
    """'520600000000' → '5206': a padded division code's subtree is its significant prefix."""
    for length, tail in ((12, 9), (9, 6), (6, 4), (4, 2)):
        if len(code) == length and set(code[tail:]) == {"0"}:
            code = code[:tail]
    return code


def ancestors(pairing):
    node = pairing
    while node is not None:
        yield node
        node = node.parent


# ---------------------------------------------------------------- the probes

KS_BJ, KS_BJ_WE, ZJG_YH, NATION = "KS-BJ", "KS-BJ-WE", "ZJG-YH", "NATION"
# Where a copy moved to 张家港 ↔ 沿河 lies: Zhangjiagang on the east, 思渠镇高山村 on the west.
PLACES = {KS_BJ: ("320583000000", "520602000000"), ZJG_YH: ("320582000000", "520627107211")}


def probe_keys(ledger) -> list[str]:
    if is_national(ledger.model):
        return [NATION]
    return [KS_BJ, *([KS_BJ_WE] if is_directional(ledger.model) else []), ZJG_YH]


def ledger_models() -> dict:
    return {ledger.model: ledger for ledger in ledgers_all()}


def in_pair(obj, reference: str) -> bool:
    """Whether a record is filed (itself or through what it inherits from) under ``reference``'s subtree."""
    pairing = filed_under(obj)
    if pairing is not None:
        return any(p.reference == reference for p in ancestors(pairing))
    return any(in_pair(parent, reference) for parent in parents(obj))


# A record's own parts, written and deleted with it: they do not keep it from being deleted.
PARTS = {("Distribution", "DistributionLine")}


def has_dependents(obj) -> bool:
    """Whether another row points to the record (it could then not simply be deleted)."""
    return any(
        rel.related_model._default_manager.filter(**{rel.field.name: obj}).exists()
        for rel in obj._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)
        and (type(obj).__name__, rel.related_model.__name__) not in PARTS
    )


_fresh = itertools.count(1)
_years = itertools.count(1)  # the years before the first indicator set (2016)


def fresh(prefix: str = "PM") -> str:
    return f"{prefix}-{next(_fresh):04d}"


class World:
    """Builds and holds the probes; ``probe(slug, key)`` is the record a case is about."""

    def __init__(self):
        _PARTIES.clear()
        self.admin = get_user_model().objects.get(username="admin")
        self.ledgers = {ledger.slug: ledger for ledger in ledgers_all()}
        self.by_model = ledger_models()
        self.pairings = {p.reference: p for p in Pairing.objects.all()}
        self.probes: dict[tuple[str, str], models.Model] = {}
        self._supports: dict[tuple[type, int, str], models.Model] = {}

    # --- building

    def build(self) -> "World":
        for ledger in self.ledgers.values():
            for key in probe_keys(ledger):
                self.probe(ledger.slug, key)
        for (slug, key), obj in self.probes.items():
            obj.refresh_from_db()
            assert not has_dependents(obj), f"probe {slug}/{key} is pointed to by another record"
        return self

    def probe(self, slug: str, key: str):
        if (slug, key) not in self.probes:
            self.probes[(slug, key)] = self._make_probe(slug, key)
        return self.probes[(slug, key)]

    def _make_probe(self, slug, key):
        ledger = self.ledgers[slug]
        model = ledger.model
        if key == KS_BJ_WE:
            from shanhai.talent.models import Direction

            return self.copy(self.probe(slug, KS_BJ), KS_BJ, direction=Direction.WEST_TO_EAST)
        if key == ZJG_YH:
            return self.copy(self.probe(slug, KS_BJ), ZJG_YH)
        demo = list(model.objects.order_by("pk"))
        if key == NATION:
            leaves = [obj for obj in demo if not has_dependents(obj)]
            return leaves[0] if leaves else self.copy(demo[0], NATION)
        mine = [obj for obj in demo if in_pair(obj, "KS-BJ")]
        for obj in mine:
            if not has_dependents(obj):
                return obj
        source = mine[0] if mine else demo[0] if demo else None
        if source is None:
            return self.create(ledger, RECIPES[slug](self))
        return self.copy(source, KS_BJ)

    def create(self, ledger, fields: dict):
        return ledger.create(actor=self.admin, **fields)

    def fields_of(self, obj) -> dict:
        ledger = self.by_model[type(obj)]
        return {name: getattr(obj, name) for name in ledger.fields}

    def copy(self, source, key: str, **changes):
        """A new record like ``source``, moved to ``key``'s pair, pointing to supports there."""
        ledger = self.by_model[type(source)]
        fields = self.fields_of(source)
        fields = self.moved(type(source), fields, key)
        fields.update(fresh_identity(ledger, source, fields))
        fields.update(changes)
        return self.create(ledger, fields)

    def moved(self, model, fields: dict, key: str) -> dict:
        """The fields with their regions, pairing, organisations and records moved to ``key``'s pair."""
        out = {}
        for name, value in fields.items():
            field = model._meta.get_field(name)
            if value is None or not field.is_relation:
                out[name] = value
            elif field.related_model is Region:
                out[name] = self.region(value, key)
            elif field.related_model is Pairing:
                out[name] = self.pairings[PAIRING_OF[key]] if key in PAIRING_OF else value
            elif field.related_model is Organisation:
                out[name] = self.org(value, key, required=not field.null)
            elif field.related_model in self.by_model:
                out[name] = self.support(value, key)
            elif hasattr(value, "distribution"):  # a distribution's line: the same line of a moved distribution
                out[name] = self.support(value.distribution, key).lines.get(number=value.number)
            else:
                out[name] = value
        return out

    def region(self, region, key):
        """Jiangsu's regions to the pair's eastern place, Guizhou's to its western one."""
        if key not in PLACES:
            return region
        east, west = PLACES[key]
        code = region.code
        if code.startswith("32"):
            return Region.objects.get(code=east)
        if code.startswith("52"):
            return Region.objects.get(code=west)
        return region

    def org(self, org, key, *, required: bool):
        """An organisation of the pair's own side, or none where the record may go without one."""
        if key not in PLACES:
            return org
        east, west = PLACES[key]
        code = east if org.region_id.startswith("32") else west
        if org.region_id.startswith(significant(code)):
            return org
        if not required:
            return None
        found = Organisation.objects.filter(region_id=code, kind_id=org.kind_id).first()
        if found is None:
            found = Organisation(name=f"{org.name}（{key}）", kind_id=org.kind_id, region_id=code)
            found.full_clean()
            found.save()
        return found

    def support(self, record, key: str):
        """A record for a probe to point to: never a probe itself, so probes stay leaves."""
        if key == KS_BJ and not self._is_probe(record) and in_pair(record, "KS-BJ"):
            return record
        if (key == NATION or is_national(type(record))) and not self._is_probe(record):
            return record  # reference data lies nowhere: it is not moved
        memo = (type(record), record.pk, key)
        if memo not in self._supports:
            self._supports[memo] = self.copy(record, key)
        return self._supports[memo]

    def _is_probe(self, record) -> bool:
        return any(type(p) is type(record) and p.pk == record.pk for p in self.probes.values())


PAIRING_OF = {KS_BJ: "KS-BJ", ZJG_YH: "ZJG-YH"}


def fresh_identity(ledger, source, fields) -> dict:
    """What makes a copy a new record: a fresh reference, and for records keyed otherwise, a fresh key."""
    model = ledger.model
    names = {f.name for f in model._meta.concrete_fields}
    out = {}
    if "reference" in names and "reference" in ledger.fields:
        out["reference"] = fresh()
    if ledger.slug == "indicator-sets":  # one set a year: a copy takes a year of its own
        out["code"] = fresh("pm").lower()
        out["first_year"] = out["last_year"] = 1995 + next(_years)
    if ledger.slug == "indicators":
        out["key"] = fresh("pm").lower().replace("-", "_")
    if ledger.slug == "project-outputs":
        out["what"] = f"{source.what}（{fresh()}）"
    if ledger.slug == "asset-incomes":
        used = set(type(source).objects.filter(asset=source.asset).values_list("year", flat=True))
        out["year"] = next(y for y in range(2014, 2040) if y not in used)
        out["distribution"] = None
    if ledger.slug == "project-status":  # a move is one step on from where the project stands
        from shanhai.projects.models import STATUS_ORDER

        out["to_status"] = STATUS_ORDER[STATUS_ORDER.index(fields["project"].status) + 1]
        out["date"] = datetime.date(2021, 1, 4)
    if ledger.slug == "targets":  # one target a pairing, year and indicator
        used = set(type(source).objects.filter(pairing=fields["pairing"], indicator=fields["indicator"])
                   .values_list("year", flat=True))
        out["year"] = next(y for y in (source.year, 2020, 2018, 2017, 2019) if y not in used)
    return out


# ---------------------------------------------------------------- records the demo has none of


def _recipe_distribution(world):
    from shanhai.projects.models import DistributionRule, Project

    project = world.support(Project.objects.get(reference="KS-BJ-PRJ-BLUEBERRY"), KS_BJ)
    return {"reference": fresh(), "project": project, "year": 2020, "profit": 100_000_00,
            "rule": DistributionRule.objects.order_by("pk").first(), "household_count": 3, "source": "权限矩阵"}


def _recipe_payment(world):
    distribution = world.support(world.probe("distributions", KS_BJ), KS_BJ)
    line = distribution.lines.order_by("number").first()
    return {"line": line, "date": "2020-12-31", "amount": 1_00, "note": "权限矩阵"}


def _recipe_asset_income(world):
    asset = world.support(world.probe("project-assets", KS_BJ), KS_BJ)
    return {"asset": asset, "year": 2020, "amount": 10_000_00, "note": "权限矩阵"}


def _recipe_charity_disbursement(world):
    from shanhai.social.models import CharityFund

    fund = world.support(CharityFund.objects.get(reference="KS-BJ-FUND-KBA"), KS_BJ)
    return {"reference": fresh(), "fund": fund, "year": 2019, "recipient_name": "碧江区困难学生",
            "recipient_region": Region.objects.get(code="520602000000"), "amount": 1_000_00, "source": "权限矩阵"}


def _sided(world, **extra):
    return {"reference": fresh(), "east_region": Region.objects.get(code="320583000000"),
            "west_region": Region.objects.get(code="520602000000"), "pairing": world.pairings["KS-BJ"],
            "source": "权限矩阵", **extra}


def _recipe_job_fair(world):
    return _sided(world, name="昆山—碧江专场招聘会", year=2019, date="2019-03-01", place="碧江区")


def _recipe_training_batch(world):
    from shanhai.talent.models import Direction

    return _sided(world, topic="乡村振兴干部培训", direction=Direction.EAST_TO_WEST, organiser="昆山市",
                  east_party="昆山市", west_party="碧江区", year=2019, persons=30)


def _recipe_leading_group(world):
    from shanhai.core.models import Side

    return {"reference": fresh(), "pairing": world.pairings["KS-BJ"], "side": Side.WEST, "year": 2018,
            "name": "碧江区东西部扶贫协作工作领导小组", "office": "区扶贫办", "source": "权限矩阵"}


RECIPES = {
    "leading-groups": _recipe_leading_group,
    "distributions": _recipe_distribution,
    "payments": _recipe_payment,
    "asset-incomes": _recipe_asset_income,
    "charity-disbursements": _recipe_charity_disbursement,
    "job-fairs": _recipe_job_fair,
    "training-batches": _recipe_training_batch,
}


# ---------------------------------------------------------------- routes


def walk_urls(patterns=None, prefix: str = "", namespace: str = ""):
    """Every URL pattern as (route text, full name, pattern)."""
    from django.urls import URLResolver, get_resolver

    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, [namespace, p.namespace]))
            yield from walk_urls(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = ":".join(filter(None, [namespace, p.name])) if p.name else ""
            yield prefix + str(p.pattern), name, p


FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>|<drf_format_suffix")


# ---------------------------------------------------------------- what the API is sent


@cache
def viewsets() -> dict:
    """The API's viewsets by URL prefix, as the router registers them."""
    from config.api_urls import router

    return {prefix: viewset for prefix, viewset, _basename in router.registry}


def representation(slug: str, obj) -> dict:
    """The record as the API writes it back: its writable fields only."""
    ledger = ledgers_all_by_slug()[slug]
    data = viewsets()[slug].serializer_class(obj).data
    return {name: data[name] for name in ledger.fields if name in data}


@cache
def ledgers_all_by_slug() -> dict:
    return {ledger.slug: ledger for ledger in ledgers_all()}


def copy_to_post(world: World, slug: str, key: str):
    """A new record built from the probe with a fresh reference (and, where a pair of fields must
    be unique, pointing to another record of the same pair): the unsaved record and what is POSTed."""
    ledger = world.ledgers[slug]
    source = world.probe(slug, key)
    fields = world.fields_of(source)
    fields.update(fresh_identity(ledger, source, fields))
    if slug in ("fund-allocations", "benefit-links"):  # one per fund and project, one per project and mode
        fields["project"] = world.probe("projects", KS_BJ if key == KS_BJ_WE else key)
    if slug == "quota-plans":  # one plan a kind, direction and year: a copy plans a year before
        fields["first_year"] = fields["last_year"] = 2001
    obj = ledger.model(**fields)
    return obj, representation(slug, obj)
