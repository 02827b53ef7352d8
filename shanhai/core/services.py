"""Write helpers every app's services use: validate, check scope, save, audit — in one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import AuditAction, audit_created, audit_record, history_for, snapshot
from .bounds import full_clean_in_bounds
from .scope import delete_require, located, write_require


class StillReferenced(ValidationError):
    """A record other records still rely on (a pairing party, a parent pairing): keep it, say which."""


class WriteConflict(ValidationError):
    """Two writers at once made the same new record (one 台账编号, one return period): the second is told."""


class StaleRecord(Exception):
    """The writer read an older version of the record than the one now stored (If-Match, a page's form)."""

    def __init__(self, obj, expected: int):
        self.current = obj.version
        self.expected = expected
        last = history_for(obj).first()
        if last is not None:
            who = last.actor.get_full_name() or last.actor.username
            when = timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M")
            message = _("此记录已被%(who)s于 %(when)s 修改（现为第 %(current)s 版，您看到的是第 %(expected)s 版）；请刷新后再改。")
            message %= {"who": who, "when": when, "current": self.current, "expected": expected}
        else:
            message = _("此记录已被修改（现为第 %(current)s 版，您看到的是第 %(expected)s 版）；请刷新后再改。") % {
                "current": self.current, "expected": expected,
            }
        super().__init__(message)
        self.message = message


def expect_version(obj, version) -> None:
    """Say which version of ``obj`` the writer read (a page's hidden field, the API's If-Match): the
    save refuses with ``StaleRecord`` if another write has come in between."""
    obj._expected_version = None if version in (None, "") else int(version)


def _check_version(obj, stored) -> None:
    expected = getattr(obj, "_expected_version", None)
    if expected is not None and hasattr(stored, "version") and expected != stored.version:
        raise StaleRecord(stored, expected)


def _merge_onto_current(obj, stored) -> None:
    """Keep the fields the writer changed since reading ``obj``; take every other from the row as it
    is now (``stored``, under its lock). Two offices editing two fields lose neither."""
    loaded = getattr(obj, "_loaded", None)
    if loaded is None:
        return
    for field in obj._meta.concrete_fields:
        name = field.attname
        if name in loaded and getattr(obj, name) == loaded[name]:
            setattr(obj, name, getattr(stored, name))


def _remember_saved(obj) -> None:
    if hasattr(obj, "version"):
        obj._loaded = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        obj._expected_version = None


def audited_save(*, actor, obj, after_save=None):
    """Create or update ``obj`` for ``actor``.

    The write rule (``write_require``, ADR 010) sees the record both as it was (read again, under a
    row lock) and as it will be, so nobody moves a record out of or into a region, or onto a side,
    they do not hold. Only the fields the writer changed are written onto the row as it is now; a
    version the writer says it read must still be the stored one (``expect_version``). ``after_save``
    writes dependent rows (e.g. a pairing's parties) inside the same transaction, before the audit
    row is taken.
    """
    with transaction.atomic():
        original = before = None
        if obj.pk is not None and not obj._state.adding:
            original = type(obj).objects.select_for_update().get(pk=obj.pk)
            _check_version(obj, original)
            _merge_onto_current(obj, original)
            before = snapshot(original)
        try:
            full_clean_in_bounds(obj)
        except ValidationError:
            # Out of scope is said first: a refused writer learns nothing about the data (a
            # reference already taken, a name in use) from validation messages. A record that
            # names no region yet is told what it lacks.
            if located(obj):
                write_require(actor, before=original, after=obj)
            raise
        write_require(actor, before=original, after=obj)
        if before is not None and snapshot(obj) == before:
            return obj  # nothing changed: no write, no audit row (re-running an import is a no-op)
        if hasattr(obj, "version"):
            obj.version = original.version + 1 if original is not None else 1
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError as exc:
            # Two writers made the same record at once; full_clean saw neither. The second is told.
            raise WriteConflict(
                _("同一条记录刚由他人同时登记（%(what)s）；请刷新后核对，不要重复提交。") % {"what": obj._meta.verbose_name}
            ) from exc
        if after_save is not None:
            after_save(obj)
            write_require(actor, before=original, after=obj)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE if before is not None else AuditAction.CREATE,
            obj=obj,
            before=before,
            after=snapshot(obj),
        )
        _remember_saved(obj)
        return obj


def audited_delete(*, actor, obj, refuse_if=None) -> None:
    """Delete ``obj`` for ``actor``. ``refuse_if(obj)`` returns a reason to keep it (checked after scope)."""
    with transaction.atomic():
        if obj.pk is not None and hasattr(obj, "version"):
            # No ordering: a model ordered by a nullable key would outer-join it, which FOR UPDATE refuses.
            stored = type(obj).objects.select_for_update().filter(pk=obj.pk).order_by().first()
            if stored is not None:
                _check_version(obj, stored)
        delete_require(actor, obj)
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


class RefusedInBatch(Exception):
    """One record of a batch refused (``error``, a ValidationError or PermissionDenied): nothing of
    the batch is written; ``index`` says which record."""

    def __init__(self, index: int, error: Exception):
        super().__init__(str(error))
        self.index, self.error = index, error


def record_create_many(*, actor, model, records: list[dict]) -> list:
    """``record_create`` for many new records at once (an import's new rows): each validated and
    scope-checked exactly as ``audited_save`` checks one, then all inserted and audited together in
    one transaction. A refused record refuses the batch (``RefusedInBatch``)."""
    objs, seen = [model(**fields) for fields in records], set()
    for index, obj in enumerate(objs):
        try:
            try:
                full_clean_in_bounds(obj)
            except ValidationError:
                if located(obj):
                    write_require(actor, before=None, after=obj, seen=seen)
                raise
            write_require(actor, before=None, after=obj, seen=seen)
        except (ValidationError, PermissionDenied) as exc:
            raise RefusedInBatch(index, exc) from exc
        if hasattr(obj, "version"):
            obj.version = 1
    with transaction.atomic():
        try:
            with transaction.atomic():
                model.objects.bulk_create(objs, batch_size=500)
        except IntegrityError as exc:
            raise WriteConflict(
                _("同一条记录刚由他人同时登记（%(what)s）；请刷新后核对，不要重复提交。") % {"what": model._meta.verbose_name}
            ) from exc
        audit_created(actor=actor, objs=objs)
    for obj in objs:
        _remember_saved(obj)
    return objs


def record_update(*, actor, obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(actor=actor, obj=obj)


def record_delete(*, actor, obj, refuse_if=None) -> None:
    audited_delete(actor=actor, obj=obj, refuse_if=refuse_if)
