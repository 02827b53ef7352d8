"""The admin for superusers; every write still goes through the audited service path.

Accounts, role assignments and API tokens are audited too: a superuser flag set, a password
changed or a token issued in the admin is a row in the trail like any other edit. The trail and
Django's own admin log never hold a password hash or a token's key (masked as its first 4 characters).
"""

import json
import re

from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import Token, TokenProxy

from .audit import AuditAction, audit_record
from .models import AuditEntry, RoleAssignment
from .services import audited_delete, audited_save
from .tokens import token_expires_at

User = get_user_model()


def superusers_only(request) -> bool:
    """The admin lists and picks records without an office's scope, so it opens to superusers alone
    (ADR 006): a staff flag on an office's account opens nothing here."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through core.services, inline rows too, so admin writes are scoped and audited."""

    def save_model(self, request, obj, form, change):
        audited_save(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        audited_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audited_delete(actor=request.user, obj=obj)

    def save_formset(self, request, form, formset, change):
        # Django would save an inline formset itself, without the write rule or an audit row (the 622
        # rule's shares): commit=False only says what changed, each row then goes through the services.
        saved = formset.save(commit=False)
        for obj in formset.deleted_objects:  # first, so a class removed may be given to a new row
            audited_delete(actor=request.user, obj=obj)
        for obj in saved:
            audited_save(actor=request.user, obj=obj)
        formset.save_m2m()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedAdmin):
    list_display = ("user", "role", "region_code", "side", "note")
    list_filter = ("role", "side")
    search_fields = ("user__username", "region_code", "note")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "source", "content_type", "object_repr", "batch")
    list_filter = ("action", "source", "content_type")
    search_fields = ("object_repr", "object_id", "actor__username", "batch")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the trail is append-only


# ---------------------------------------------------------------- accounts

PASSWORD_CHANGED = "（已更改）"


def password_state(encoded: str) -> str:
    """Whether an account has a password, never the hash itself."""
    if not encoded:
        return "未设置"
    if encoded.startswith("!"):  # Django's unusable password: no password login
        return "不可用"
    return "已设置"


def user_snapshot(user, *, old_password: str | None = None) -> dict:
    """An account as the trail keeps it: names, flags, groups and permissions; the password only as a state."""
    state = password_state(user.password)
    if old_password is not None and user.password != old_password:
        state += PASSWORD_CHANGED
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(
            f"{app}.{codename}"
            for app, codename in user.user_permissions.values_list("content_type__app_label", "codename")
        ),
        "password": state,
    }


def _audit_user(actor, user, before: dict | None, old_password: str | None) -> None:
    after = user_snapshot(user, old_password=old_password)
    if before == after:
        return  # saved unchanged: no audit row, as audited_save does
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit_record(actor=actor, action=action, obj=user, before=before, after=after)


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):
    """Django's user admin; each add, change (flags, groups, permissions, password) and delete is audited."""

    def save_model(self, request, obj, form, change):
        if change:
            original = User.objects.select_for_update().get(pk=obj.pk)
            request.audit_before = (user_snapshot(original), original.password)
        else:
            request.audit_before = (None, None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # groups and permissions are saved here
        before, old_password = request.audit_before
        _audit_user(request.user, form.instance, before, old_password)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            if request.method != "POST" or user is None:
                return super().user_change_password(request, id, form_url)
            before, old_password = user_snapshot(user), user.password
            response = super().user_change_password(request, id, form_url)
            user.refresh_from_db()
            if user.password != old_password:
                _audit_user(request.user, user, before, old_password)
            return response

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(actor=request.user, action=AuditAction.DELETE, obj=obj, before=user_snapshot(obj), after=None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


# ---------------------------------------------------------------- API tokens


TOKEN_KEY = re.compile(r"\b[0-9a-f]{40}\b")  # DRF's keys: 20 random bytes in hex


def mask_key(key: str) -> str:
    """A token by its first 4 characters: enough to tell tokens apart, useless for calling the API."""
    return f"{key[:4]}…" if key else ""


def token_snapshot(token) -> dict:
    return {
        "key": mask_key(token.key),
        "user": token.user.get_username(),
        "created": token.created.isoformat() if token.created else None,
    }


def _masked(token):
    """An unsaved stand-in for the audit row: the token's type and user id (its admin pk), a masked key."""
    return TokenProxy(key=mask_key(token.key), user_id=token.user_id, created=token.created)


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class AuditedTokenAdmin(TokenAdmin):
    """DRF's token admin with the key masked in the list, the audit trail and the admin log."""

    list_display = ("masked_key", "user", "created", "expires")

    @admin.display(description="令牌")
    def masked_key(self, obj):
        return mask_key(obj.key)

    @admin.display(description="失效时间")
    def expires(self, obj):
        return token_expires_at(obj)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = None
            if change:
                original = Token.objects.select_for_update().select_related("user").get(key=obj.key)
                before = token_snapshot(original)
            super().save_model(request, obj, form, change)
            after = token_snapshot(obj)
            if before != after:
                action = AuditAction.UPDATE if change else AuditAction.CREATE
                audit_record(actor=request.user, action=action, obj=_masked(obj), before=before, after=after)

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user, action=AuditAction.DELETE, obj=_masked(obj), before=token_snapshot(obj), after=None
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset.select_related("user"):
                self.delete_model(request, obj)

    # Django's admin log names an object by str(obj), which for a token is its key.
    def _log(self, request, obj, flag, message=""):
        return LogEntry.objects.create(
            user_id=request.user.pk,
            content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
            object_id=str(obj.pk),
            object_repr=mask_key(obj.key),
            action_flag=flag,
            change_message=json.dumps(message) if isinstance(message, list) else message,
        )

    def log_addition(self, request, obj, message):
        return self._log(request, obj, ADDITION, message)

    def log_change(self, request, obj, message):
        return self._log(request, obj, CHANGE, message)

    def log_deletions(self, request, queryset):
        return [self._log(request, obj, DELETION) for obj in queryset]

    def message_user(self, request, message, *args, **kwargs):
        # "The token “<key>” was added": messages travel in a cookie or the session store.
        masked = TOKEN_KEY.sub(lambda m: mask_key(m.group()), str(message))
        super().message_user(request, mark_safe(masked) if isinstance(message, SafeString) else masked, *args, **kwargs)
