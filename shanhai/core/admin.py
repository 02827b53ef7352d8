"""The admin for superusers; every write still goes through the audited service path."""

from django.contrib import admin

from .models import AuditEntry, RoleAssignment
from .services import audited_delete, audited_save


class AuditedAdmin(admin.ModelAdmin):
    """Saves and deletes through core.services, so admin writes are scoped and audited too."""

    def save_model(self, request, obj, form, change):
        audited_save(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        audited_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audited_delete(actor=request.user, obj=obj)


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
