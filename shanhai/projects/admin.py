from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from shanhai.core.admin import AuditedAdmin

from .models import HOUSEHOLD_CLASSES, DistributionRule, DistributionShare, ProjectCategory

admin.site.register(ProjectCategory, AuditedAdmin)


class ShareFormSet(forms.BaseInlineFormSet):
    """The national office edits rules here; a rule's shares must add up to exactly 100 %."""

    def clean(self):
        super().clean()
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        total = sum(d["percent"] for d in kept)
        if total != 100:
            raise forms.ValidationError(_("各项比例之和为 %(t)s%%，应为 100%%。") % {"t": total})
        if sum(d["recipient_class"] in HOUSEHOLD_CLASSES for d in kept) > 1:
            raise forms.ValidationError(_("一条分配规则只能有一项分到户。"))


class ShareInline(admin.TabularInline):
    model = DistributionShare
    formset = ShareFormSet
    extra = 0


@admin.register(DistributionRule)
class DistributionRuleAdmin(AuditedAdmin):
    list_display = ("code", "name", "household_method", "order")
    inlines = [ShareInline]
