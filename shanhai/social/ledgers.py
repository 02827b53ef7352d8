from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column, dated_column

from . import services
from .models import CareCentre, CharityDisbursement, CharityFund, CharityReceipt, Donation, Scholarship

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
        dated_column(_("日期"), "date"),
        Column(_("捐赠方"), lambda d: d.donors_text),
        Column(_("受赠方"), lambda d: d.recipient_name),
        Column(_("形式"), lambda d: d.get_form_display()),
        Column(_("金额"), lambda d: d.amount_text, numeric=True, nowrap=True),
        Column(_("登记方式"), lambda d: d.get_basis_display()),
        Column(_("用途"), lambda d: d.purpose or d.items),
    ],
    fields=[
        "reference", "donor_name", "donor_org", "donor_region", "co_donors", "recipient_name", "recipient_org",
        "recipient_region", "pairing", "year", "date", "form", "amount", "amount_unknown", "items", "purpose", "basis", "qualifier", "item_count", "source", "note",
    ],
    create=services.donation_create,
    update=services.donation_update,
    delete=services.donation_delete,
    search=("reference", "donor_name", "co_donors", "recipient_name", "purpose", "items"),
    filters=("year", "form", "basis"),
    importer="donations",
    select_related=("donor_region", "recipient_region", "pairing"),
))

BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]

CHARITY_FUNDS = register_ledger(Ledger(
    model=CharityFund,
    slug="charity-funds",
    title=_("慈善基金"),
    group=_("社会帮扶"),
    order=51,
    description=_("结对双方发起的慈善基金及其子基金（如“1+5”母子基金）；余额由收入与支出推算，子基金并入母基金。"),
    columns=[
        Column(_("编号"), lambda f: f.reference, link=lambda f: CHARITY_FUNDS.url("detail", f.pk), nowrap=True),
        Column(_("基金名称"), lambda f: f.name),
        Column(_("上级基金"), lambda f: f.parent.name if f.parent_id else ""),
        Column(_("宗旨/资助方向"), lambda f: f.purpose),
        Column(_("东部发起方"), lambda f: f.east_founder),
        Column(_("西部发起方"), lambda f: f.west_founder),
        Column(_("成立年度"), lambda f: f.established_year, numeric=True),
    ],
    fields=[
        "reference", "name", "parent", "purpose", "east_founder", "east_region", "west_founder", "west_region",
        "pairing", "established_year", "established_on", "source", "note",
    ],
    create=services.charity_fund_create,
    update=services.charity_fund_update,
    delete=services.charity_fund_delete,
    search=("reference", "name", "purpose", "east_founder", "west_founder", "parent__name"),
    filters=("established_year",),
    importer="charity-funds",
    select_related=("parent", "east_region", "west_region", "pairing"),
))

CHARITY_RECEIPTS = register_ledger(Ledger(
    model=CharityReceipt,
    slug="charity-receipts",
    title=_("基金收入"),
    group=_("社会帮扶"),
    order=52,
    description=_("慈善基金筹得的善款：逐笔登记，或只知总数的汇总（“已筹得善款102万余元”）。"),
    columns=[
        Column(_("编号"), lambda r: r.reference, link=lambda r: CHARITY_RECEIPTS.url("detail", r.pk), nowrap=True),
        Column(_("基金"), lambda r: r.fund.name),
        Column(_("年度"), lambda r: r.year, numeric=True),
        dated_column(_("日期"), "date"),
        Column(_("捐赠方"), lambda r: r.donor_name),
        Column(_("金额"), lambda r: r.amount_text, numeric=True, nowrap=True),
        Column(_("登记方式"), lambda r: r.get_basis_display()),
        Column(_("用途"), lambda r: r.purpose),
    ],
    fields=[
        "reference", "fund", "year", "date", "donor_name", "donor_org", "amount", "purpose", "item_count",
        *BASIS_AND_SOURCE,
    ],
    create=services.charity_receipt_create,
    update=services.charity_receipt_update,
    delete=services.charity_receipt_delete,
    search=("reference", "fund__name", "donor_name", "purpose"),
    filters=("year", "basis"),
    importer="charity-receipts",
    select_related=("fund", "donor_org"),
))

CHARITY_DISBURSEMENTS = register_ledger(Ledger(
    model=CharityDisbursement,
    slug="charity-disbursements",
    title=_("基金支出"),
    group=_("社会帮扶"),
    order=53,
    description=_("慈善基金的救助支出：支出对象、金额、受助人数或户数。"),
    columns=[
        Column(_("编号"), lambda d: d.reference, link=lambda d: CHARITY_DISBURSEMENTS.url("detail", d.pk), nowrap=True),
        Column(_("基金"), lambda d: d.fund.name),
        Column(_("年度"), lambda d: d.year, numeric=True),
        dated_column(_("日期"), "date"),
        Column(_("支出对象"), lambda d: d.recipient_name),
        Column(_("金额"), lambda d: d.amount_text, numeric=True, nowrap=True),
        Column(_("受助人数"), lambda d: d.persons, numeric=True),
        Column(_("登记方式"), lambda d: d.get_basis_display()),
        Column(_("用途"), lambda d: d.purpose),
    ],
    fields=[
        "reference", "fund", "year", "date", "recipient_name", "recipient_region", "amount", "purpose", "persons",
        "households", *BASIS_AND_SOURCE,
    ],
    create=services.charity_disbursement_create,
    update=services.charity_disbursement_update,
    delete=services.charity_disbursement_delete,
    search=("reference", "fund__name", "recipient_name", "purpose"),
    filters=("year", "basis"),
    importer="charity-disbursements",
    select_related=("fund", "recipient_region"),
))

SCHOLARSHIPS = register_ledger(Ledger(
    model=Scholarship,
    slug="scholarships",
    title=_("奖助学金"),
    group=_("社会帮扶"),
    order=54,
    description=_("东部单位出资设立的奖助学金：出资额、资助内容、资助学生与夏令营人数。"),
    columns=[
        Column(_("编号"), lambda s: s.reference, link=lambda s: SCHOLARSHIPS.url("detail", s.pk), nowrap=True),
        Column(_("名称"), lambda s: s.name),
        Column(_("出资方"), lambda s: s.donor_name),
        Column(_("出资额"), lambda s: s.capital_text, numeric=True, nowrap=True),
        Column(_("资助内容"), lambda s: s.funds_what),
        Column(_("资助学生人数"), lambda s: s.students_supported, numeric=True),
        Column(_("夏令营"), lambda s: s.camps_text),
        Column(_("登记方式"), lambda s: s.get_basis_display()),
    ],
    fields=[
        "reference", "name", "donor_name", "donor_org", "donor_region", "region", "pairing", "established_year",
        "capital", "funds_what", "students_supported", "camp_students", "camp_years", "camp_place", *BASIS_AND_SOURCE,
    ],
    create=services.scholarship_create,
    update=services.scholarship_update,
    delete=services.scholarship_delete,
    search=("reference", "name", "donor_name", "funds_what"),
    filters=("established_year", "basis"),
    importer="scholarships",
    select_related=("donor_org", "donor_region", "region", "pairing"),
))

CARE_CENTRES = register_ledger(Ledger(
    model=CareCentre,
    slug="care-centres",
    title=_("关爱中心"),
    group=_("社会帮扶"),
    order=55,
    description=_("东部帮扶建设的综合关爱中心、日间照料中心：投入、修建与启用、功能、服务人数。"),
    columns=[
        Column(_("编号"), lambda c: c.reference, link=lambda c: CARE_CENTRES.url("detail", c.pk), nowrap=True),
        Column(_("名称"), lambda c: c.name),
        Column(_("所在地"), lambda c: c.region.short_name or c.region.name),
        Column(_("建设投入"), lambda c: c.cost_text, numeric=True, nowrap=True),
        Column(_("修建"), lambda c: c.built_text, nowrap=True),
        dated_column(_("启用日期"), "opened_on"),
        Column(_("到中心就餐老人"), lambda c: c.dining_elders, numeric=True),
        Column(_("送餐到家老人"), lambda c: c.home_delivery_elders, numeric=True),
        Column(_("功能"), lambda c: c.functions),
    ],
    fields=[
        "reference", "name", "region", "funder_name", "funder_region", "funding_kind", "initiator", "pairing",
        "premises", "cost", "built_year", "built_month", "opened_on", "functions", "serves", "dining_elders",
        "home_delivery_elders", "served_year", *BASIS_AND_SOURCE,
    ],
    create=services.care_centre_create,
    update=services.care_centre_update,
    delete=services.care_centre_delete,
    search=("reference", "name", "functions", "serves", "initiator"),
    filters=("built_year", "basis"),
    importer="care-centres",
    select_related=("region", "funder_region", "pairing"),
))
