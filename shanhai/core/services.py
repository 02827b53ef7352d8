"""Write helpers every app's services use: validate, check scope, save, audit — in one transaction."""

from django.db import transaction

from .audit import AuditAction, audit_record, snapshot
from .scope import Action, scope_require


def audited_save(*, actor, obj, after_save=None):
    """Create or update ``obj`` for ``actor``.

    The actor must cover the record both as it was and as it will be, so nobody can move a
    record out of (or into) a region they do not hold. ``after_save`` writes dependent rows
    (e.g. a pairing's parties) inside the same transaction, before the audit row is taken.
    """
    with transaction.atomic():
        before = None
        if obj.pk is not None and not obj._state.adding:
            original = type(obj).objects.select_for_update().get(pk=obj.pk)
            scope_require(actor, original, Action.CHANGE)
            before = snapshot(original)
        obj.full_clean()
        scope_require(actor, obj, Action.CHANGE)
        if before is not None and snapshot(obj) == before:
            return obj  # nothing changed: no write, no audit row (re-running an import is a no-op)
        obj.save()
        if after_save is not None:
            after_save(obj)
            scope_require(actor, obj, Action.CHANGE)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
            obj=obj,
            before=before,
            after=snapshot(obj),
        )
        return obj


def audited_delete(*, actor, obj) -> None:
    with transaction.atomic():
        scope_require(actor, obj, Action.CHANGE)
        before = snapshot(obj)
        audit_record(actor=actor, action=AuditAction.DELETE, obj=obj, before=before, after=None)
        obj.delete()
