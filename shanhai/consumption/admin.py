from django.contrib import admin

from shanhai.core.admin import AuditedAdmin

from .models import ChannelKind

admin.site.register(ChannelKind, AuditedAdmin)
