"""Write helpers every app's services use: validate, check scope, save, audit — in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from .audit import AuditAction, audit_record, snapshot
from .scope import Action, scope_require


class StillReferenced(ValidationError):
    """A record other records still rely on (a pairing party, a parent pairing): keep it, say which."""


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
        try:
            obj.full_clean()
        except ValidationError:
            # Out of scope is said first: a refused writer learns nothing about the data (a
            # reference already taken, a name in use) from validation messages.
            scope_require(actor, obj, Action.CHANGE)
            raise
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


def audited_delete(*, actor, obj, refuse_if=None) -> None:
    """Delete ``obj`` for ``actor``. ``refuse_if(obj)`` returns a reason to keep it (checked after scope)."""
    with transaction.atomic():
        scope_require(actor, obj, Action.CHANGE)
        reason = refuse_if(obj) if refuse_if else None
        if reason:
            raise StillReferenced(reason)
        before = snapshot(obj)
        audit_record(actor=actor, action=AuditAction.DELETE, obj=obj, before=before, after=None)
        try:
            with transaction.atomic():
                obj.delete()
        except (ProtectedError, RestrictedError) as exc:
            # Ledger records that point at it (a donation under a pairing): name them, keep it.
            refs = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
            names = sorted({f"{o._meta.verbose_name}「{o}」" for o in list(refs)[:5]})
            raise StillReferenced(f"{obj} 仍被其他记录引用，不能删除：{'、'.join(names)}") from exc


# ---------------------------------------------------------------- plain ledger records
# For records with no rule beyond their model's own clean(): the app names its services with these
# (``donation_create = …``) so every write still reads as <entity>_<verb>(*, actor, …).


def record_create(*, actor, model, **fields):
    return audited_save(actor=actor, obj=model(**fields))


def record_update(*, actor, obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(actor=actor, obj=obj)


def record_delete(*, actor, obj, refuse_if=None) -> None:
    audited_delete(actor=actor, obj=obj, refuse_if=refuse_if)
