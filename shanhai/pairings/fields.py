"""How other apps' forms and API take a pairing: by its reference (结对编号)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shanhai.core.forms import SuggestInput
from shanhai.core.ledger import register_fk_field

from .models import Pairing


class PairingReferenceField(forms.CharField):
    def __init__(self, *, user=None, **kwargs):
        self.user = user
        kwargs.setdefault("help_text", _("结对编号，如 KS-BJ"))
        kwargs.setdefault("widget", SuggestInput("pairings:pairing_suggest", attrs={"placeholder": _("输入编号或名称查找")}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        qs = Pairing.objects.visible_to(self.user) if self.user is not None else Pairing.objects.all()
        pairing = qs.filter(reference=value).first()
        if pairing is None:
            raise forms.ValidationError(_("结对编号不存在或不在您的权限范围内：%(ref)s"), params={"ref": value})
        return pairing


def register():
    register_fk_field(
        Pairing,
        form_field=lambda label, required, user: PairingReferenceField(label=label, required=required, user=user),
        serializer_field=lambda required: serializers.SlugRelatedField(
            slug_field="reference", queryset=Pairing.objects.all(), required=required, allow_null=not required
        ),
        initial=lambda pairing: pairing.reference,
    )
