"""The audit trail: every write records who, when, which object, before and after.

Services call ``audit_record`` inside their own transaction, with the acting user passed in
(STYLE: explicit, not from a signal). Where the write came from (page, API, admin, import,
command) is carried in a context variable set at the edge: middleware, import engine, commands.
"""

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


def audit_record(*, actor, action: str, obj, before: dict | None, after: dict | None) -> AuditEntry:
    points = obj.scope_points() if hasattr(obj, "scope_points") else []
    codes = sorted({code for code, _ in points if code})
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        source=_source.get(),
        batch=_batch.get(),
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        region_codes=codes,
        region_index="".join(" " + c for c in codes),
        before=before,
        after=after,
    )


def history_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")


def audit_entries_for(user, entries=None):
    """Audit rows a user may read: those about records in their scope, and their own actions."""
    from django.db.models import Q

    from .scope import scope_for

    entries = AuditEntry.objects.all() if entries is None else entries
    visible = entries.visible_to(user)
    if not scope_for(user).everything:
        visible = entries.filter(Q(pk__in=visible.values("pk")) | Q(actor_id=user.pk))
    return visible.select_related("actor", "content_type")


__all__ = ["AuditAction", "audit_entries_for", "audit_record", "audit_source", "history_for", "snapshot"]
