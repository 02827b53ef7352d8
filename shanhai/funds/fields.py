"""How other ledgers' forms and API take a fund line: by its 台账编号, among the lines the user sees."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shanhai.core.ledger import register_fk_field

from .models import Fund


class ReferenceField(forms.CharField):
    """A ledger record typed by its reference; only records visible to the user are found."""

    def __init__(self, *, model, user=None, **kwargs):
        self.model, self.user = model, user
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        qs = self.model.objects.visible_to(self.user) if self.user is not None else self.model.objects.all()
        obj = qs.filter(reference=value).first()
        if obj is None:
            raise forms.ValidationError(
                _("%(what)s编号不存在或不在您的权限范围内：%(ref)s"),
                params={"what": self.model._meta.verbose_name, "ref": value},
            )
        return obj


class ReferenceRelatedField(serializers.SlugRelatedField):
    """The API's twin of ``ReferenceField``: a reference the caller cannot see is not found."""

    def get_queryset(self):
        request = self.context.get("request")
        qs = super().get_queryset()
        return qs.visible_to(request.user) if request is not None else qs


def register_reference_field(model, *, help_text: str) -> None:
    """A foreign key to ``model`` (a record with a unique ``reference``) is typed as that reference."""
    register_fk_field(
        model,
        form_field=lambda label, required, user: ReferenceField(
            model=model, label=label, required=required, user=user, help_text=help_text
        ),
        serializer_field=lambda required: ReferenceRelatedField(
            slug_field="reference", queryset=model.objects.all(), required=required, allow_null=not required
        ),
        initial=lambda obj: obj.reference,
    )


def register():
    register_reference_field(Fund, help_text=_("资金台账编号，如 KS-BJ-FUND-ALL"))
