"""Writes: agreements (a ledger, through the core record services) and ten-haves confirmations,
each validated, scope-checked and audited in one transaction (core.services.audited_save)."""

from functools import partial

from shanhai.core.services import audited_save, record_create, record_delete, record_update

from .models import Agreement, LeadingGroup, TenHaveCheck

agreement_create = partial(record_create, model=Agreement)
agreement_update = record_update
agreement_delete = record_delete

leading_group_create = partial(record_create, model=LeadingGroup)
leading_group_update = record_update
leading_group_delete = record_delete


def agreement_document_attach(*, actor, agreement: Agreement, document) -> Agreement:
    """Attach (or replace) the agreement's text; the file is written only if the save goes through."""
    agreement.document = document
    return audited_save(actor=actor, obj=agreement)


def ten_have_confirm(
    *, actor, pairing, year: int, item, met: bool, confirmed_by: str, attachment=None, note: str = "", source: str = "",
) -> TenHaveCheck:
    """Confirm an item by hand for a pair and year (the one row, created or changed).

    A name is required; an attachment replaces the one held, and none keeps it.
    """
    obj = TenHaveCheck.objects.filter(pairing=pairing, year=year, item=item).first()
    obj = obj or TenHaveCheck(pairing=pairing, year=year, item=item)
    obj.met, obj.confirmed_by, obj.note, obj.source = met, confirmed_by or "", note or "", source or ""
    if attachment:
        obj.attachment = attachment
    return audited_save(actor=actor, obj=obj)


def ten_have_check_delete(*, actor, check: TenHaveCheck) -> None:
    record_delete(actor=actor, obj=check)
