"""The audit trail: every write records who, when, which object, before and after.

Services call ``audit_record`` inside their own transaction, with the acting user passed in
(STYLE: explicit, not from a signal). Where the write came from (page, API, admin, import,
command) is carried in a context variable set at the edge: middleware, import engine, commands.
"""

import copy
import datetime
import decimal
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db.models.fields.files import FieldFile

from .models import AuditAction, AuditEntry, AuditSource

_source: ContextVar[str] = ContextVar("audit_source", default=AuditSource.COMMAND)
_batch: ContextVar[str] = ContextVar("audit_batch", default="")


@contextmanager
def audit_source(source: str, *, batch: bool = False):
    token = _source.set(source)
    batch_token = _batch.set(uuid.uuid4().hex[:12]) if batch else None
    try:
        yield _batch.get()
    finally:
        _source.reset(token)
        if batch_token is not None:
            _batch.reset(batch_token)


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""  # an attached file by its stored name (a file itself is not JSON)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")  # 3.3000 and 3.3 are the same figure
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(obj) -> dict:
    """The object's own fields as JSON-safe values; models may add related rows."""
    if hasattr(obj, "audit_snapshot"):
        return obj.audit_snapshot()
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def _codes(obj) -> set[str]:
    points = obj.scope_points() if hasattr(obj, "scope_points") else []
    return {code for code, _ in points if code}


def _as_it_was(obj, before: dict):
    """``obj`` with the references it held before the change (its region, pairing, project), as far
    as ``before`` records them: enough to say where it lay."""
    was = copy.copy(obj)
    was._state = copy.copy(obj._state)
    was._state.fields_cache = {}
    was.__dict__.pop("_prefetched_objects_cache", None)
    for field in obj._meta.concrete_fields:
        if field.is_relation and field.attname in before:
            setattr(was, field.attname, before[field.attname])
    return was


def _trail_codes(content_type, object_id: str, codes: set[str]) -> set[str]:
    """Every region the record's trail has lain in, with ``codes``; the earlier entries of its trail
    (since it was last created) are widened to all of them, so that whoever reads one entry of a
    record reads them all: an office that held the record keeps its trail after it moves on, and the
    office it moves to reads how it came to be."""
    entries = list(
        AuditEntry.objects.filter(content_type=content_type, object_id=object_id)
        .order_by("-id").values_list("id", "action", "region_codes")
    )
    trail = []
    for entry in entries:
        trail.append(entry)
        if entry[1] == AuditAction.CREATE:
            break  # an id used again after a delete begins another record's trail
    every = set(codes).union(*(set(c or []) for _, _, c in trail))
    narrower = [pk for pk, _action, held in trail if set(held or []) != every]
    if narrower:  # only when the record has moved: the entries say no more than before, to more offices
        AuditEntry.objects.filter(pk__in=narrower).update(region_codes=sorted(every), region_index=_index(every))
    return every


def _index(codes) -> str:
    return "".join(" " + c for c in sorted(codes))


def audit_record(*, actor, action: str, obj, before: dict | None, after: dict | None) -> AuditEntry:
    """One row of the trail. Its regions are the record's before and after the change (for a change
    or a delete), and every region its earlier entries name: a record's trail is read by everyone
    who could see the record at any time (ADR 014)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    codes = _codes(obj)
    if before is not None and hasattr(obj, "scope_points") and hasattr(obj, "_meta"):
        codes |= _codes(_as_it_was(obj, before))
    if before is not None and obj.pk is not None:
        codes = _trail_codes(content_type, str(obj.pk), codes)
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        source=_source.get(),
        batch=_batch.get(),
        content_type=content_type,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        region_codes=sorted(codes),
        region_index=_index(codes),
        before=before,
        after=after,
    )


def audit_created(*, actor, objs: list) -> None:
    """The trail of records just created together (an import's new rows): one entry a record, as
    ``audit_record`` writes for a create, inserted at once."""
    if not objs:
        return
    content_type = ContentType.objects.get_for_model(type(objs[0]))
    source, batch = _source.get(), _batch.get()
    entries = []
    for obj in objs:
        codes = _codes(obj)
        entries.append(AuditEntry(
            actor=actor, action=AuditAction.CREATE, source=source, batch=batch, content_type=content_type,
            object_id=str(obj.pk), object_repr=str(obj)[:300], region_codes=sorted(codes), region_index=_index(codes),
            before=None, after=snapshot(obj),
        ))
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def history_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")


def object_trail(user, model, object_id):
    """Every entry of one record, when ``user`` can see the record now; None otherwise. Whoever reads a
    record reads how it came to be, even where an earlier entry lay in regions not theirs (ADR 014)."""
    if model is None or not hasattr(model.objects, "visible_to"):
        return None
    try:
        visible = model.objects.visible_to(user).filter(pk=object_id).exists()
    except (ValueError, TypeError):
        return None
    if not visible:
        return None
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(object_id)
    ).select_related("actor", "content_type")


def audit_entries_for(user, entries=None):
    """Audit rows a user may read: those about records in their scope, and their own actions."""
    from django.db.models import Q

    from .scope import scope_for

    entries = AuditEntry.objects.all() if entries is None else entries
    visible = entries.visible_to(user)
    if not scope_for(user).everything:
        visible = entries.filter(Q(pk__in=visible.values("pk")) | Q(actor_id=user.pk))
    return visible.select_related("actor", "content_type")


__all__ = ["AuditAction", "audit_entries_for", "audit_record", "audit_source", "history_for", "object_trail", "snapshot"]
