from django.contrib import admin

from .models import Return, ReturnEvent, ReturnFigure


class ReadOnlyAdmin(admin.ModelAdmin):
    """Returns move only through their services (with the trail); the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FigureInline(admin.TabularInline):
    model = ReturnFigure
    extra = 0
    fields = ("indicator", "prefilled", "basis", "reported", "approved", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    fields = ("at", "action", "actor", "state_after", "comment")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Return)
class ReturnAdmin(ReadOnlyAdmin):
    list_display = ("pairing", "period_kind", "year", "period_no", "state", "submitted_by", "reviewed_by")
    list_filter = ("period_kind", "year", "state")
    search_fields = ("pairing__reference",)
    inlines = [FigureInline, EventInline]
