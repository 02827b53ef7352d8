from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.uploads import ATTACHMENT_VALIDATORS

FILE_HELP = _("PDF、OFD、Word、图片或表格，不超过 20 MB")


class TenHaveConfirmForm(forms.Form):
    """A confirmation by hand: met or not, who confirms, on what."""

    met = forms.TypedChoiceField(
        label=_("确认结果"), choices=[("1", _("已达到")), ("0", _("未达到"))], coerce=lambda v: v == "1",
        initial="1", widget=forms.RadioSelect,
    )
    confirmed_by = forms.CharField(
        label=_("确认人"), max_length=120, help_text=_("确认人姓名或确认单位"),
        error_messages={"required": _("请填写确认人姓名。")},
    )
    attachment = forms.FileField(
        label=_("附件"), required=False, help_text=FILE_HELP,
        validators=ATTACHMENT_VALIDATORS,
    )
    source = forms.CharField(label=_("来源"), max_length=300, required=False, help_text=_("佐证出处：报告、文件、报道"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AgreementDocumentForm(forms.Form):
    document = forms.FileField(
        label=_("协议文本"), help_text=FILE_HELP,
        validators=ATTACHMENT_VALIDATORS,
    )
