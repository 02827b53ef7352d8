from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.money import format_money
from shanhai.core.tables import Column

from . import services
from .models import Park, ParkCreditLine, SigningEvent, SigningLine, WestEnterprise

BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]


def money_text(fen) -> str:
    return format_money(fen) if fen is not None else ""

PARKS = register_ledger(Ledger(
    model=Park,
    slug="parks",
    title=_("共建园区"),
    group=_("产业合作"),
    order=60,
    description=_("东西部共建园区：共建双方、先行启动区面积（平方公里，同时以亩显示）、开发公司与注册资本；授信与引进企业见各自台账。"),
    columns=[
        Column(_("编号"), lambda p: p.reference, link=lambda p: PARKS.url("detail", p.pk), nowrap=True),
        Column(_("园区名称"), lambda p: p.name),
        Column(_("东部共建方"), lambda p: p.east_party),
        Column(_("西部共建方"), lambda p: p.west_party),
        Column(_("先行启动区"), lambda p: p.start_area_text, numeric=True),
        Column(_("开发公司注册资本"), lambda p: p.company_capital_text, numeric=True, nowrap=True),
        Column(_("启动"), lambda p: p.started_text, nowrap=True),
    ],
    fields=[
        "reference", "name", "east_party", "east_org", "east_region", "west_party", "west_org", "west_region", "pairing",
        "agreement", "focus", "started_year", "started_month", "start_area", "company_name", "company_capital",
        *BASIS_AND_SOURCE,
    ],
    create=services.park_create,
    update=services.park_update,
    delete=services.park_delete,
    search=("reference", "name", "east_party", "west_party", "company_name", "focus"),
    filters=("started_year",),
    importer="parks",
    select_related=("east_region", "west_region", "pairing", "east_org", "west_org"),
))

PARK_CREDIT_LINES = register_ledger(Ledger(
    model=ParkCreditLine,
    slug="park-credit-lines",
    title=_("园区授信"),
    group=_("产业合作"),
    order=61,
    description=_("为共建园区开发建设提供的贷款额度、授信。"),
    columns=[
        Column(_("编号"), lambda c: c.reference, link=lambda c: PARK_CREDIT_LINES.url("detail", c.pk), nowrap=True),
        Column(_("园区"), lambda c: c.park.name),
        Column(_("提供方"), lambda c: c.provider_name),
        Column(_("额度"), lambda c: c.amount_text, numeric=True, nowrap=True),
        Column(_("年度"), lambda c: c.year, numeric=True),
        Column(_("协议"), lambda c: c.agreement),
        Column(_("登记方式"), lambda c: c.get_basis_display()),
    ],
    fields=[
        "reference", "park", "provider_name", "provider_org", "amount", "year", "date", "agreement", "purpose",
        *BASIS_AND_SOURCE,
    ],
    create=services.park_credit_line_create,
    update=services.park_credit_line_update,
    delete=services.park_credit_line_delete,
    search=("reference", "park__name", "provider_name", "agreement"),
    filters=("year", "basis"),
    importer="park-credit-lines",
    select_related=("park", "provider_org"),
))

WEST_ENTERPRISES = register_ledger(Ledger(
    model=WestEnterprise,
    slug="west-enterprises",
    title=_("引进企业"),
    group=_("产业合作"),
    order=62,
    description=_("引进到西部的东部企业与产业转移项目：协议与到位投资、带动就业与其中贫困人口；只知个数的记为汇总。"),
    columns=[
        Column(_("编号"), lambda e: e.reference, link=lambda e: WEST_ENTERPRISES.url("detail", e.pk), nowrap=True),
        Column(_("企业（项目）"), lambda e: e.name),
        Column(_("其他写法"), lambda e: e.other_names),
        Column(_("个数"), lambda e: e.count_text, numeric=True),
        Column(_("入驻园区"), lambda e: e.park.name if e.park_id else ""),
        Column(_("协议投资"), lambda e: money_text(e.pledged_investment), numeric=True, nowrap=True),
        Column(_("到位投资"), lambda e: money_text(e.actual_investment), numeric=True, nowrap=True),
        Column(_("带动就业"), lambda e: e.jobs, numeric=True),
        Column(_("其中贫困人口"), lambda e: e.poor_employed, numeric=True),
        Column(_("登记方式"), lambda e: e.get_basis_display()),
    ],
    fields=[
        "reference", "name", "other_names", "org", "count", "park", "introducer_region", "origin", "region", "pairing",
        "year", "sector", "pledged_investment", "actual_investment", "jobs", "poor_employed", *BASIS_AND_SOURCE,
    ],
    create=services.west_enterprise_create,
    update=services.west_enterprise_update,
    delete=services.west_enterprise_delete,
    search=("reference", "name", "other_names", "sector", "park__name"),
    filters=("year", "basis"),
    importer="west-enterprises",
    select_related=("park", "region", "introducer_region", "pairing"),
))

SIGNING_EVENTS = register_ledger(Ledger(
    model=SigningEvent,
    slug="signing-events",
    title=_("签约活动"),
    group=_("产业合作"),
    order=63,
    description=_("招商推介、考察对接、联席会议等场合的集中签约；各类项目数、金额与协议数见签约明细，合计由明细推算。"),
    columns=[
        Column(_("编号"), lambda e: e.reference, link=lambda e: SIGNING_EVENTS.url("detail", e.pk), nowrap=True),
        Column(_("签约活动"), lambda e: e.name),
        Column(_("日期"), lambda e: e.dates_text, nowrap=True),
        Column(_("地点"), lambda e: e.place),
        Column(_("东部一方"), lambda e: e.east_party),
        Column(_("西部一方"), lambda e: e.west_party),
    ],
    fields=[
        "reference", "name", "occasion", "start_date", "end_date", "place", "pairing", "east_party", "east_region",
        "west_party", "west_region", *BASIS_AND_SOURCE,
    ],
    create=services.signing_event_create,
    update=services.signing_event_update,
    delete=services.signing_event_delete,
    search=("reference", "name", "occasion", "place"),
    filters=(),
    importer="signing-events",
    select_related=("pairing", "east_region", "west_region"),
))

SIGNING_LINES = register_ledger(Ledger(
    model=SigningLine,
    slug="signing-lines",
    title=_("签约明细"),
    group=_("产业合作"),
    order=64,
    description=_("一次签约活动中某一类别的签约：项目数、金额（投资额或采购额）、协议数。"),
    columns=[
        Column(_("编号"), lambda line: line.reference, link=lambda line: SIGNING_LINES.url("detail", line.pk), nowrap=True),
        Column(_("签约活动"), lambda line: line.event.name),
        Column(_("类别"), lambda line: line.get_line_type_display()),
        Column(_("签约项目数"), lambda line: line.projects, numeric=True),
        Column(_("金额"), lambda line: line.amount_text, numeric=True, nowrap=True),
        Column(_("签订协议数"), lambda line: line.agreements, numeric=True),
        Column(_("登记方式"), lambda line: line.get_basis_display()),
    ],
    fields=[
        "reference", "event", "line_type", "projects", "amount", "amount_kind", "agreements", "description",
        *BASIS_AND_SOURCE,
    ],
    create=services.signing_line_create,
    update=services.signing_line_update,
    delete=services.signing_line_delete,
    search=("reference", "event__name", "description"),
    filters=("line_type", "basis"),
    importer="signing-lines",
    select_related=("event",),
))
