from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import CoverageTarget, MemberKind, Pairing, PairingKind, PairingParty


class PartyInline(admin.TabularInline):
    """Shown for reference; parties change through the pairing form or import, which replace them whole."""

    model = PairingParty
    extra = 0
    can_delete = False
    fields = ("role", "party_type", "region", "organisation", "count", "member_kind", "exited", "label")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pairing)
class PairingAdmin(AuditedAdmin):
    list_display = ("reference", "name", "kind", "status", "start_date", "parent")
    list_filter = ("kind", "status")
    search_fields = ("reference", "name")
    raw_id_fields = ("parent",)
    inlines = [PartyInline]


for model in (PairingKind, MemberKind, CoverageTarget):
    admin.site.register(model, AuditedAdmin)
