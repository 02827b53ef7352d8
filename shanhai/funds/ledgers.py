from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import Fund

# The form's order is the page's: what it is, who gives, who receives, how much, where it comes from.
FIELDS = [
    "reference", "kind", "title", "purpose", "source_name", "source_org", "source_region", "recipient_name",
    "recipient_org", "recipient_region", "pairing", "year", "date", "amount", "project_count", "poor_households",
    "poor_persons", "basis", "qualifier", "source", "note",
]

FUNDS = register_ledger(Ledger(
    model=Fund,
    slug="funds",
    title=_("资金"),
    group=_("资金与项目"),
    order=10,
    description=_("东部到西部的每笔资金及其类别；只知总数的记为汇总，并注明涉及项目数；金额不详的留空。"),
    columns=[
        Column(_("编号"), lambda f: f.reference, link=lambda f: FUNDS.url("detail", f.pk), nowrap=True),
        Column(_("年度"), lambda f: f.year, numeric=True),
        Column(_("类别"), lambda f: f.kind.name),
        Column(_("资金名称"), lambda f: f.title),
        Column(_("来源方"), lambda f: f.source_name),
        Column(_("使用方"), lambda f: f.recipient_name),
        Column(_("金额"), lambda f: f.amount_text, numeric=True, nowrap=True),
        Column(_("涉及项目数"), lambda f: f.project_count, numeric=True),
        Column(_("登记方式"), lambda f: f.get_basis_display()),
    ],
    fields=FIELDS,
    detail_fields=FIELDS,
    create=services.fund_create,
    update=services.fund_update,
    delete=services.fund_delete,
    search=("reference", "title", "source_name", "recipient_name", "purpose"),
    filters=("year", "kind", "basis"),
    importer="funds",
    select_related=("kind", "source_region", "recipient_region", "pairing"),
))
