"""How forms and the API take a ledger record another record points at: by its 台账编号.

General (any ``LedgerRecord`` model): a charity receipt names its fund, a credit line its park, a
signing line its event. It sits here until core offers the same for every ledger; industry uses it too.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from shanhai.core.ledger import register_fk_field


class RecordReferenceField(forms.CharField):
    """A record typed by its 台账编号, looked up among the records the user may see."""

    def __init__(self, *, model, user=None, **kwargs):
        self.model, self.user = model, user
        kwargs.setdefault("help_text", _("台账编号"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        qs = self.model.objects.visible_to(self.user) if self.user is not None else self.model.objects.all()
        found = qs.filter(reference=value).first()
        if found is None:
            raise forms.ValidationError(
                _("%(kind)s编号不存在或不在您的权限范围内：%(ref)s"),
                params={"kind": self.model._meta.verbose_name, "ref": value},
            )
        return found


class VisibleReferenceField(serializers.SlugRelatedField):
    """The API's counterpart: a 台账编号 the caller cannot see is answered as if it did not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return self.queryset.visible_to(request.user) if request is not None else self.queryset


def register_reference_fk(model) -> None:
    register_fk_field(
        model,
        form_field=lambda label, required, user: RecordReferenceField(model=model, label=label, required=required, user=user),
        serializer_field=lambda required: VisibleReferenceField(
            slug_field="reference", queryset=model.objects.all(), required=required, allow_null=not required
        ),
        initial=lambda obj: obj.reference,
    )


def register():
    from .models import CharityFund

    register_reference_fk(CharityFund)


def parse_record(model):
    """An import parser for a column naming a ``model`` record by its 台账编号.

    Not narrowed by scope here: the engine's scope check on the row refuses a record out of reach.
    """
    from shanhai.core.importing import RowError

    def parse(text: str):
        found = model.objects.filter(reference=text.strip()).first()
        if found is None:
            raise RowError(f"{model._meta.verbose_name}编号不存在：{text}（请先登记或导入）")
        return found

    return parse
