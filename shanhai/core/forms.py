from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_SUFFIXES = (".xlsx", ".csv")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("文件"),
        help_text=_("Excel (.xlsx) 或 CSV（UTF-8 或 GBK 编码均可）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(_("只接受 .xlsx 或 .csv 文件；旧版 .xls 请在 Excel 中另存为 .xlsx。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 50 MB；请分批导入。"))
        return upload


class SuggestInput(forms.TextInput):
    """A plain text input that also offers matches as the user types.

    The suggestions come from ``url_name`` as ``<option>``s swapped into the input's own
    ``<datalist>`` (HTMX), so a national list of 660,000 regions is never sent to the page.
    Without JavaScript it stays a plain input, and the form validates what was typed.
    """

    template_name = "core/widgets/suggest_input.html"

    def __init__(self, url_name: str, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        list_id = f"{widget_attrs.get('id') or 'id_' + name}-suggestions"
        widget_attrs.update({
            "list": list_id,
            "autocomplete": "off",
            "hx-get": reverse(self.url_name),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{list_id}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        })
        context["widget"]["list_id"] = list_id
        return context


class YearSpanField(forms.CharField):
    """年度 typed as one year ("2019") or a span ("2017—2019", "2017-2019", "2017至2019"), by the one
    year rule (core.years): cleans to (first, last); the form puts ``first`` in 起始年度."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("一个年度，如 2019；跨年度累计的写 2017—2019"))
        super().__init__(**kwargs)

    def clean(self, value):
        from .years import parse_year_span

        value = super().clean(value)
        if value in (None, ""):
            return None
        try:
            return parse_year_span(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
