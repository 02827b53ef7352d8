from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import RecordReferenceField
from shanhai.core.uploads import ATTACHMENT_VALIDATORS
from shanhai.pairings.models import Pairing

from .models import PeriodKind


class ReturnCreateForm(forms.Form):
    pairing = forms.CharField(label=_("结对编号"), help_text=_("省际、市际或县县结对的编号，如 KS-BJ"))
    period_kind = forms.ChoiceField(label=_("报表类型"), choices=PeriodKind.choices, initial=PeriodKind.QUARTERLY)
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    period_no = forms.IntegerField(label=_("期次"), min_value=1, max_value=12, initial=1, help_text=_("月报 1–12，季报 1–4，年报 1"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pairing"] = RecordReferenceField(
            model=Pairing, user=user, label=_("结对编号"), help_text=_("省际、市际或县县结对的编号，如 KS-BJ"),
        )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见/理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FigureForm(forms.Form):
    value = forms.CharField(label=_("填报数"), required=False, max_length=30)
    note = forms.CharField(label=_("说明"), required=False, max_length=500)


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=_("附件"), help_text=_("不超过 20 MB"), validators=ATTACHMENT_VALIDATORS)
