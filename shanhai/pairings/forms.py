from django import forms
from django.utils.translation import gettext_lazy as _

from shanhai.core.dates import MONTH, YEAR, PartialDateField
from shanhai.core.forms import SuggestInput
from shanhai.orgs.selectors import organisation_lookup
from shanhai.regions.filters import RegionCodeField

from .models import MemberKind, Pairing, PairingKind, PairingStatus, PartyRole, PartyType
from .services import PartySpec


class PairingForm(forms.Form):
    """The fields ``pairing_create`` / ``pairing_update`` take; the parties come in a formset."""

    reference = forms.CharField(label=_("结对编号"), max_length=40, help_text=_("本单位自编的唯一编号，如 KS-BJ-VILLAGES"))
    kind = forms.ModelChoiceField(label=_("结对类型"), queryset=PairingKind.objects.all())
    # Typed, not chosen from a list: there are tens of thousands of pairings nationally.
    parent = forms.CharField(
        label=_("上级结对编号"), max_length=40, required=False,
        widget=SuggestInput("pairings:pairing_suggest", attrs={"placeholder": _("输入编号或名称查找，如 KS-BJ")}),
        help_text=_("留空则为顶层结对。"),
    )
    name = forms.CharField(label=_("名称"), max_length=200, required=False, help_text=_("留空则由结对双方生成。"))
    # A pairing often begins in a month the report names without a day ("2017年10月").
    start_date = PartialDateField(label=_("开始日期"), required=False)
    end_date = PartialDateField(label=_("结束日期"), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=PairingStatus.choices, initial=PairingStatus.ACTIVE)
    agreement = forms.CharField(label=_("协议"), max_length=200, required=False)
    source = forms.CharField(label=_("来源"), max_length=300, required=False, help_text=_("数据出处：报告、文件、报道。"))
    note = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, pairing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.pairing = user, pairing
        # A parent the user may not see is neither named nor dropped: left blank, it stays.
        self.hidden_parent = None
        if pairing is not None and pairing.parent_id is not None:
            if not Pairing.objects.visible_to(user).filter(pk=pairing.parent_id).exists():
                self.hidden_parent = pairing.parent
                self.fields["parent"].help_text = _("现有上级结对不在您的权限范围内；留空则保持不变。")
                self.initial["parent"] = ""

    def clean_parent(self):
        """A pairing can nest only under one the user can see, and never under itself."""
        reference = self.cleaned_data["parent"].strip()
        if not reference:
            return self.hidden_parent
        # One message for unknown and invisible alike: the form does not tell which references exist.
        parent = Pairing.objects.visible_to(self.user).filter(reference=reference).first()
        if parent is None:
            raise forms.ValidationError(
                _("找不到上级结对：%(reference)s（编号不存在或不在您的权限范围内）"), params={"reference": reference}
            )
        if self.pairing is not None and parent.pk == self.pairing.pk:
            raise forms.ValidationError(_("上级结对不能是自身或其下级。"))
        return parent

    def clean(self):
        """Each date cleans to its first day, its precision (a month, a year) kept in ``precisions``."""
        cleaned = super().clean()
        precisions = {}
        for name in ("start_date", "end_date"):
            value = cleaned.get(name)
            if isinstance(value, tuple):
                cleaned[name], precision = value
                if precision:
                    precisions[name] = precision
        cleaned["precisions"] = precisions
        return cleaned

    @staticmethod
    def initial_for(pairing) -> dict:
        def typed(name):
            value = getattr(pairing, name)
            if value is None:
                return None
            precision = (pairing.precisions or {}).get(name, "")
            return {MONTH: value.strftime("%Y-%m"), YEAR: str(value.year)}.get(precision, value.isoformat())

        return {
            "reference": pairing.reference, "kind": pairing.kind_id,
            "parent": pairing.parent.reference if pairing.parent_id else "", "name": pairing.name,
            "start_date": typed("start_date"), "end_date": typed("end_date"), "status": pairing.status,
            "agreement": pairing.agreement, "source": pairing.source, "note": pairing.note,
        }


EXITED_CHOICES = [("unknown", _("不详")), ("true", _("已出列")), ("false", _("未出列"))]


class PartyForm(forms.Form):
    """One party: a region's government, an organisation, or a counted group ("7个深度贫困村@520602")."""

    role = forms.ChoiceField(label=_("角色"), choices=[("", "—")] + list(PartyRole.choices))
    party_type = forms.ChoiceField(label=_("类型"), choices=[("", "—")] + list(PartyType.choices))
    region = RegionCodeField(
        label=_("区划代码"), required=False, max_length=12,
        widget=SuggestInput("regions:region_suggest", attrs={"size": 13, "placeholder": _("代码或名称")}),
        help_text=_("区划类：该区划；汇总类：成员所在区划"),
    )
    organisation = forms.CharField(
        label=_("单位"), required=False, max_length=120,
        widget=SuggestInput("orgs:organisation_suggest", attrs={"size": 18}),
        help_text=_("单位全称或简称"),
    )
    count = forms.IntegerField(label=_("数量"), min_value=1, initial=1, widget=forms.NumberInput(attrs={"style": "width:5em"}))
    member_kind = forms.ModelChoiceField(label=_("汇总类别"), queryset=MemberKind.objects.all(), required=False)
    exited = forms.NullBooleanField(label=_("出列状态"), required=False, widget=forms.NullBooleanSelect(attrs={}))
    label = forms.CharField(label=_("说明"), required=False, max_length=120, widget=forms.TextInput(attrs={"size": 14}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user  # organisations are looked up among those the user reads
        self.fields["exited"].widget.choices = EXITED_CHOICES

    def clean(self):
        data = super().clean()
        role, party_type = data.get("role"), data.get("party_type")
        if not role:
            self.add_error("role", _("请选择帮扶方或受帮扶方。"))
        if not party_type:
            self.add_error("party_type", _("请选择类型。"))
        if self.errors:
            return data
        region, org_name = data.get("region"), (data.get("organisation") or "").strip()
        organisation = None
        if party_type == PartyType.ORGANISATION:
            if not org_name:
                self.add_error("organisation", _("单位类结对方须填写单位。"))
                return data
            matches = organisation_lookup(user=self.user, name=org_name, region_prefix=region.prefix if region else "")
            if not matches:
                self.add_error(
                    "organisation", _("找不到单位：%(name)s（须已在「单位」中登记，且在您的权限范围内）") % {"name": org_name}
                )
                return data
            if len(matches) > 1:
                self.add_error("organisation", _("单位名称不唯一，请同时填写所在区划代码。"))
                return data
            organisation = matches[0]
        elif region is None:
            self.add_error("region", _("请填写区划代码。"))
            return data
        if party_type == PartyType.GROUP and not data.get("member_kind"):
            self.add_error("member_kind", _("汇总类结对方须指定类别（如 深度贫困村、党员）。"))
            return data
        group = party_type == PartyType.GROUP
        data["spec"] = PartySpec(
            role=role, party_type=party_type, region=region, organisation=organisation,
            count=data["count"] if group else 1, member_kind=data.get("member_kind") if group else None,
            exited=data.get("exited") if group else None, label=data.get("label") or "",
        )
        return data

    @staticmethod
    def initial_for(party) -> dict:
        return {
            "role": party.role, "party_type": party.party_type, "region": party.region.display_code,
            "organisation": party.organisation.name if party.organisation_id else "", "count": party.count,
            "member_kind": party.member_kind_id, "exited": party.exited, "label": party.label,
        }


PartyFormSet = forms.formset_factory(PartyForm, extra=3, can_delete=True)
