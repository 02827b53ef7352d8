"""How forms and the API take a project, a distribution, an asset (by reference) and a distribution
line ("分配编号#序号")."""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shanhai.core.ledger import register_fk_field, register_reference_fk

from .models import Distribution, DistributionLine, Project, ProjectAsset


def line_lookup(text: str, queryset):
    """'KS-BJ-XH-2020#12' → line 12 of that distribution, among ``queryset``; None if not there."""
    reference, sep, number = text.strip().rpartition("#")
    if not sep or not number.isdigit():
        return None
    return queryset.filter(distribution__reference=reference, number=int(number)).first()


class LineField(forms.CharField):
    def __init__(self, *, user=None, **kwargs):
        self.user = user
        kwargs.setdefault("help_text", _("分配编号#序号，如 KS-BJ-XH-2020#3"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        qs = DistributionLine.objects.visible_to(self.user) if self.user is not None else DistributionLine.objects.all()
        line = line_lookup(value, qs)
        if line is None:
            raise forms.ValidationError(_("分配明细不存在或不在您的权限范围内：%(ref)s"), params={"ref": value})
        return line


@extend_schema_field(OpenApiTypes.STR)
class LineRelatedField(serializers.RelatedField):
    default_error_messages = {"missing": "分配明细不存在或不在您的权限范围内：{ref}"}

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", DistributionLine.objects.all())
        kwargs.setdefault("help_text", "分配编号#序号，如 KS-BJ-XH-2020#3")
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        qs = super().get_queryset()
        return qs.visible_to(request.user) if request is not None else qs

    def to_internal_value(self, data):
        line = line_lookup(str(data), self.get_queryset())
        if line is None:
            self.fail("missing", ref=data)
        return line

    def to_representation(self, line):
        return f"{line.distribution.reference}#{line.number}"


def register():
    register_reference_fk(Project, help_text=_("项目台账编号，如 KS-BJ-PRJ-BLUEBERRY"))
    register_reference_fk(ProjectAsset, help_text=_("资产台账编号"))
    register_reference_fk(Distribution, help_text=_("分配编号"))
    register_fk_field(
        DistributionLine,
        form_field=lambda label, required, user: LineField(label=label, required=required, user=user),
        serializer_field=lambda required: LineRelatedField(required=required, allow_null=not required),
        initial=lambda line: f"{line.distribution.reference}#{line.number}",
    )
