"""Agreements as a ledger: list, detail, forms, export, API and template from one declaration.

The agreement's text (a file) is not among the form's fields: the shared ledger form posts no
files. It is uploaded on the agreement's page (a panel) and from the ten-haves page.
"""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import Agreement, LeadingGroup

AGREEMENTS = register_ledger(Ledger(
    model=Agreement,
    slug="agreements",
    title=_("协议"),
    group=_("考核"),
    order=190,
    description=_("结对双方签订的协议：对口帮扶协议、结对帮扶协议、共建合作协议等，签订年度、签约各方、主要内容、有效期和协议文本。"),
    columns=[
        Column(_("编号"), lambda a: a.reference, link=lambda a: AGREEMENTS.url("detail", a.pk), nowrap=True),
        Column(_("结对"), lambda a: a.pairing.reference, nowrap=True),
        Column(_("签订"), lambda a: a.when_text, nowrap=True),
        Column(_("协议名称"), lambda a: a.title),
        Column(_("签约各方"), lambda a: a.parties),
        Column(_("有效期"), lambda a: a.valid_text, nowrap=True),
        Column(_("协议文本"), lambda a: _("有") if a.document else ""),
    ],
    fields=["reference", "pairing", "year", "title", "signed_on", "parties", "terms", "valid_from", "valid_to", "source", "note"],
    create=services.agreement_create,
    update=services.agreement_update,
    delete=services.agreement_delete,
    search=("reference", "title", "parties", "terms", "pairing__reference"),
    filters=("year",),
    importer="agreements",
    select_related=("pairing",),
    detail_fields=[
        "reference", "pairing", "year", "signed_on", "title", "parties", "terms", "valid_from", "valid_to", "source", "note",
    ],
))

LEADING_GROUPS = register_ledger(Ledger(
    model=LeadingGroup,
    slug="leading-groups",
    title=_("领导小组"),
    group=_("考核"),
    order=191,
    description=_("结对双方的东西部扶贫协作工作领导小组：组长、组成、成员单位、办公室设在何处、成立时间。计入“组织领导”。"),
    columns=[
        Column(_("编号"), lambda g: g.reference, link=lambda g: LEADING_GROUPS.url("detail", g.pk), nowrap=True),
        Column(_("结对"), lambda g: g.pairing.reference, nowrap=True),
        Column(_("所属一方"), lambda g: g.get_side_display(), nowrap=True),
        Column(_("名称"), lambda g: g.name),
        Column(_("成立"), lambda g: g.when_text, nowrap=True),
        Column(_("组长"), lambda g: g.leader),
        Column(_("成员单位数"), lambda g: g.member_units, numeric=True),
        Column(_("办公室设在"), lambda g: g.office),
    ],
    fields=[
        "reference", "pairing", "side", "name", "year", "set_up_on", "leader", "composition", "member_units", "office",
        "source", "note",
    ],
    create=services.leading_group_create,
    update=services.leading_group_update,
    delete=services.leading_group_delete,
    search=("reference", "name", "leader", "office", "pairing__reference"),
    filters=("year", "side"),
    importer="leading-groups",
    select_related=("pairing",),
))
