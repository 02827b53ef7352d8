from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import PovertyDesignation, Region, RegionSourceLoad, ReportedFigure, ReportedIndicator


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("code", "name", "short_name", "level", "kind", "provisional")
    list_filter = ("level", "kind", "provisional")
    search_fields = ("code", "name", "short_name")
    raw_id_fields = ("parent",)
    show_full_result_count = False  # the whole country holds ~660k rows


@admin.register(PovertyDesignation)
class PovertyDesignationAdmin(AuditedAdmin):
    list_display = ("region", "kind", "identified_year", "exit_year", "source")
    list_filter = ("kind",)
    raw_id_fields = ("region",)


@admin.register(ReportedFigure)
class ReportedFigureAdmin(AuditedAdmin):
    list_display = ("region", "year", "indicator", "value", "as_of", "source")
    list_filter = ("indicator", "year")
    raw_id_fields = ("region",)


admin.site.register(ReportedIndicator, AuditedAdmin)


@admin.register(RegionSourceLoad)
class RegionSourceLoadAdmin(admin.ModelAdmin):
    list_display = ("at", "source", "prefixes", "loaded")

    def has_add_permission(self, request):
        return False
