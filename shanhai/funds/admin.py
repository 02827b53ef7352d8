from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import FundKind

admin.site.register(FundKind, AuditedAdmin)
