from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.regions.filters import RegionCodeField

from .models import OrgKind


class OrganisationForm(forms.Form):
    """The fields ``organisation_create`` / ``organisation_update`` take; the service validates."""

    name = forms.CharField(label=_("单位全称"), max_length=120)
    short_name = forms.CharField(label=_("简称"), max_length=60, required=False, help_text=_("检索和显示用"))
    kind = forms.ModelChoiceField(label=_("单位类别"), queryset=OrgKind.objects.all())
    region = RegionCodeField(
        label=_("所在区划代码"), max_length=12, help_text=_("6 位县级、9 位乡级或 12 位村级代码"),
        widget=forms.TextInput(attrs={"size": 14}),
    )
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=18, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @classmethod
    def initial_for(cls, org) -> dict:
        return {
            "name": org.name, "short_name": org.short_name, "kind": org.kind_id,
            "region": org.region.display_code, "credit_code": org.credit_code, "note": org.note,
        }
