from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import TalentKind

admin.site.register(TalentKind, AuditedAdmin)
