"""How other apps' forms and API take an organisation: by its name in a form, by id in the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.api import VisiblePrimaryKeyField
from shanhai.core.forms import SuggestInput
from shanhai.core.ledger import code_prefix, register_fk_field

from .models import Organisation
from .selectors import organisation_lookup


class OrganisationNameField(forms.CharField):
    """An organisation typed by full or short name ('亚香香料'); '名称@区划代码' where names repeat.

    An organisation the user reads may be named: one in their own regions, or across their pairs
    (a western office records the eastern firm that gave).
    """

    def __init__(self, *, user=None, **kwargs):
        self.user = user
        kwargs.setdefault("help_text", _("单位全称或简称；重名时写成 名称@区划代码"))
        kwargs.setdefault("widget", SuggestInput("orgs:organisation_suggest", attrs={"size": 24}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        name, _sep, where = value.partition("@")
        matches = organisation_lookup(user=self.user, name=name.strip(), region_prefix=code_prefix(where))
        if not matches:
            raise forms.ValidationError(
                _("找不到单位：%(name)s（须已在「单位」中登记，且在您的权限范围内）"), params={"name": value}
            )
        if len(matches) > 1:
            raise forms.ValidationError(_("单位「%(name)s」不唯一，请写成 名称@区划代码"), params={"name": value})
        return matches[0]


def register():
    register_fk_field(
        Organisation,
        form_field=lambda label, required, user: OrganisationNameField(label=label, required=required, user=user),
        serializer_field=lambda required: VisiblePrimaryKeyField(
            queryset=Organisation.objects.all(), required=required, allow_null=not required
        ),
        initial=lambda org: org.name,
    )
