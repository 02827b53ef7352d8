"""How other apps' forms and API take an organisation: by its name in a form, by id in the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.forms import SuggestInput
from shanhai.core.ledger import code_prefix, register_fk_field

from .models import Organisation
from .selectors import organisation_lookup


class OrganisationNameField(forms.CharField):
    """An organisation typed by full or short name ('亚香香料'); '名称@区划代码' where names repeat.

    Any registered organisation may be named, as in the pairing form: a western office records
    the eastern firm that gave, though it cannot see that firm's own records.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("单位全称或简称；重名时写成 名称@区划代码"))
        kwargs.setdefault("widget", SuggestInput("orgs:organisation_suggest", attrs={"size": 24}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value).strip()
        if not value:
            return None
        name, _sep, where = value.partition("@")
        matches = organisation_lookup(name=name.strip(), region_prefix=code_prefix(where))
        if not matches:
            raise forms.ValidationError(_("找不到单位：%(name)s（请先在「单位」中登记）"), params={"name": value})
        if len(matches) > 1:
            raise forms.ValidationError(_("单位「%(name)s」不唯一，请写成 名称@区划代码"), params={"name": value})
        return matches[0]


def register():
    register_fk_field(
        Organisation,
        form_field=lambda label, required, user: OrganisationNameField(label=label, required=required),
        initial=lambda org: org.name,
    )
