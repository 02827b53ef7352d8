from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import DestinationClass, StabilityRule

admin.site.register(DestinationClass, AuditedAdmin)


@admin.register(StabilityRule)
class StabilityRuleAdmin(AuditedAdmin):
    list_display = ("name", "min_months", "counting", "year_from", "year_to", "source")
