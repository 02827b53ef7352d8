from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import Organisation, OrgKind


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ("name", "short_name", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name", "short_name", "initials")
    raw_id_fields = ("region",)


admin.site.register(OrgKind, AuditedAdmin)
