from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import Donation

DONATIONS = register_ledger(Ledger(
    model=Donation,
    slug="donations",
    title=_("捐赠"),
    group=_("社会帮扶"),
    order=50,
    description=_("现金与物资捐赠；物资可折价或记为未折价；只知总数的记为汇总。"),
    columns=[
        Column(_("编号"), lambda d: d.reference, link=lambda d: DONATIONS.url("detail", d.pk), nowrap=True),
        Column(_("年度"), lambda d: d.year, numeric=True),
        Column(_("日期"), lambda d: d.date),
        Column(_("捐赠方"), lambda d: d.donor_name),
        Column(_("受赠方"), lambda d: d.recipient_name),
        Column(_("形式"), lambda d: d.get_form_display()),
        Column(_("金额"), lambda d: d.amount_text, numeric=True, nowrap=True),
        Column(_("登记方式"), lambda d: d.get_basis_display()),
        Column(_("用途"), lambda d: d.purpose or d.items),
    ],
    fields=[
        "reference", "donor_name", "donor_org", "donor_region", "recipient_name", "recipient_org", "recipient_region",
        "pairing", "year", "date", "form", "amount", "items", "purpose", "basis", "qualifier", "item_count", "source", "note",
    ],
    create=services.donation_create,
    update=services.donation_update,
    delete=services.donation_delete,
    search=("reference", "donor_name", "recipient_name", "purpose", "items"),
    filters=("year", "form", "basis"),
    importer="donations",
    select_related=("donor_region", "recipient_region", "pairing"),
))
