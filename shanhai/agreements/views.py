"""Pages: a pair's ten-haves (“十有”) for a year with the confirmation by hand; an agreement's text
(upload and scoped download); and panels on the pairing's and the agreement's pages."""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanhai.core.uploads import attachment_response
from shanhai.core.views import (
    can_change,
    object_panel,
    requested_year,
    validation_errors_to_form,
    year_choices,
)
from shanhai.core.years import year_in_span
from shanhai.pairings.models import Pairing

from . import services
from .forms import AgreementDocumentForm, TenHaveConfirmForm
from .ledgers import AGREEMENTS
from .models import TenHaveCheck, TenHaveItem
from .selectors import agreements_for, agreements_in_force, ten_have_checks_for, ten_haves, ten_haves_years

PANEL_YEARS = 5


def _pairing_or_404(request, pk, year: int | None = None) -> Pairing:
    if year is not None and not year_in_span(year):
        raise Http404
    return get_object_or_404(Pairing.objects.visible_to(request.user), pk=pk)


def _page_url(pairing, year) -> str:
    return reverse("agreements:ten_haves", args=[pairing.pk, year])


def _check_form(status, *, bound=None) -> TenHaveConfirmForm:
    if bound is not None:
        return bound
    check = status.check
    initial = {"met": "1"}
    if check is not None:
        initial = {"met": "1" if check.met else "0", "confirmed_by": check.confirmed_by, "source": check.source, "note": check.note}
    return TenHaveConfirmForm(prefix=status.item.code, initial=initial)


def _render_page(request, pairing, year, *, bound_item: str = "", bound_form=None, status=200):
    found = ten_haves(user=request.user, pairing=pairing, year=year)
    writable = can_change(request.user, TenHaveCheck(pairing=pairing, year=year))
    rows = [{
        "s": s,
        "form": _check_form(s, bound=bound_form if s.item.code == bound_item else None) if writable else None,
        "open": s.item.code == bound_item,
        "attachment_url": reverse("agreements:check_attachment", args=[s.check.pk]) if s.check and s.check.attachment else "",
        "revoke_url": reverse("agreements:ten_have_revoke", args=[pairing.pk, year, s.item.code]) if s.check else "",
        "confirm_url": reverse("agreements:ten_have_confirm", args=[pairing.pk, year, s.item.code]),
    } for s in found.items]
    agreements = [{
        "a": a,
        "url": AGREEMENTS.url("detail", a.pk),
        "document_url": reverse("agreements:agreement_document", args=[a.pk]) if a.document else "",
        "can_upload": can_change(request.user, a),
        "upload_url": reverse("agreements:agreement_document", args=[a.pk]),
    } for a in agreements_in_force(user=request.user, pairing=pairing, year=year)]
    known = ten_haves_years(user=request.user, pairing=pairing)
    return render(request, "agreements/ten_haves.html", {
        "pairing": pairing, "year": year, "years": sorted(set(year_choices(year)) | set(known), reverse=True),
        "data_years": known, "found": found, "rows": rows, "writable": writable, "agreements": agreements,
        "document_form": AgreementDocumentForm(), "page_url": _page_url(pairing, year),
    }, status=status)


@login_required
def ten_haves_page(request, pk, year):
    pairing = _pairing_or_404(request, pk, year)
    if "year" in request.GET:  # the year selector: to the year's own address
        return redirect(_page_url(pairing, requested_year(request)))
    return _render_page(request, pairing, year)


@login_required
def ten_haves_latest(request, pk):
    pairing = _pairing_or_404(request, pk)
    return redirect(_page_url(pairing, requested_year(request)))


@login_required
@require_POST
def ten_have_confirm(request, pk, year, code):
    pairing = _pairing_or_404(request, pk, year)
    item = get_object_or_404(TenHaveItem, code=code)
    form = TenHaveConfirmForm(request.POST, request.FILES, prefix=item.code)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.ten_have_confirm(
                actor=request.user, pairing=pairing, year=year, item=item, met=data["met"],
                confirmed_by=data["confirmed_by"], attachment=data["attachment"], note=data["note"], source=data["source"],
            )
        except ValidationError as exc:
            validation_errors_to_form(form, exc)
        else:
            messages.success(request, _("已保存：%(year)s年“%(item)s”人工确认") % {"year": year, "item": item.name})
            return redirect(f"{_page_url(pairing, year)}#item-{item.code}")
    return _render_page(request, pairing, year, bound_item=item.code, bound_form=form, status=400)


@login_required
@require_POST
def ten_have_revoke(request, pk, year, code):
    pairing = _pairing_or_404(request, pk)
    check = get_object_or_404(ten_have_checks_for(user=request.user, pairing=pairing, year=year), item__code=code)
    name = check.item.name
    services.ten_have_check_delete(actor=request.user, check=check)
    messages.success(request, _("已撤销：%(year)s年“%(item)s”人工确认") % {"year": year, "item": name})
    return redirect(f"{_page_url(pairing, year)}#item-{code}")


@login_required
def agreement_document(request, pk):
    """GET: the agreement's text, to those who read its pairing. POST: attach or replace it."""
    agreement = get_object_or_404(agreements_for(user=request.user), pk=pk)
    if request.method != "POST":
        return attachment_response(agreement.document)
    form = AgreementDocumentForm(request.POST, request.FILES)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = AGREEMENTS.url("detail", agreement.pk)
    if form.is_valid():
        try:
            services.agreement_document_attach(actor=request.user, agreement=agreement, document=form.cleaned_data["document"])
        except ValidationError as exc:
            validation_errors_to_form(form, exc)
        else:
            messages.success(request, _("已上传协议文本：%(obj)s") % {"obj": agreement})
            return redirect(back)
    for error in form.errors.values():
        for message in error:
            messages.error(request, _("协议文本未上传：%(reason)s") % {"reason": message})
    return redirect(back)


@login_required
def check_attachment(request, pk):
    check = get_object_or_404(ten_have_checks_for(user=request.user), pk=pk)
    return attachment_response(check.attachment)


# ---------------------------------------------------------------- panels


def _ten_haves_applies(pairing) -> bool:
    """The checklist is a county pair's (or a city's or a province's, rolling up): not a town's or a firm's."""
    from shanhai.pairings.selectors import main_regions
    from shanhai.regions.models import RegionLevel

    east, west = main_regions(pairing)
    return bool(east and west and east.level <= RegionLevel.COUNTY and west.level <= RegionLevel.COUNTY)


@object_panel("pairings.pairing", order=30)
def pairing_ten_haves_panel(request, pairing):
    if not _ten_haves_applies(pairing):
        return None
    now = timezone.localdate().year
    years = sorted(set(ten_haves_years(user=request.user, pairing=pairing)) | {now}, reverse=True)[:PANEL_YEARS]
    rows = [{"t": ten_haves(user=request.user, pairing=pairing, year=y), "url": _page_url(pairing, y)} for y in years]
    return render_to_string("agreements/_pairing_ten_haves.html", {
        "pairing": pairing, "rows": rows, "latest_url": reverse("agreements:ten_haves_latest", args=[pairing.pk]),
    }, request)


@object_panel("agreements.agreement", order=10)
def agreement_document_panel(request, agreement):
    return render_to_string("agreements/_agreement_document.html", {
        "agreement": agreement,
        "document_url": reverse("agreements:agreement_document", args=[agreement.pk]) if agreement.document else "",
        "document_name": os.path.basename(agreement.document.name) if agreement.document else "",
        "can_upload": can_change(request.user, agreement),
        "upload_url": reverse("agreements:agreement_document", args=[agreement.pk]),
        "form": AgreementDocumentForm(),
        "next": request.get_full_path(),
        "ten_haves_url": _page_url(agreement.pairing, agreement.year) if agreement.year else "",
    }, request)


