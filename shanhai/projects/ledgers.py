from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.money import format_money
from shanhai.core.tables import Column, dated_column

from . import services
from .models import (
    AssetIncome,
    BenefitLink,
    Distribution,
    FundAllocation,
    Payment,
    Project,
    ProjectAsset,
    ProjectOutput,
    ProjectStatusChange,
)

GROUP = _("资金与项目")


def _money(value):
    return format_money(value) if value is not None else _("金额不详")


def _project_link(obj):
    return PROJECTS.url("detail", obj.project_id)


# The form's order is the page's (ledger records otherwise open with their bookkeeping fields).
PROJECT_FIELDS = [
    "reference", "name", "category", "place", "helper_region", "helper_org", "pairing", "year", "status",
    "operating_model", "basis", "project_count", "part_of", "towns", "villages", "households", "persons",
    "poor_households", "poor_persons", "qualifier", "source", "note",
]
ASSET_FIELDS = [
    "reference", "project", "name", "asset_class", "owner_name", "owner_org", "value", "formed_date", "basis", "qualifier",
    "source", "note",
]

PROJECTS = register_ledger(Ledger(
    model=Project,
    slug="projects",
    title=_("帮扶项目"),
    group=GROUP,
    order=20,
    description=_("项目的类别、地点、状态（储备→立项→实施→完工→验收）、经营模式和受益户；只知总数的记为汇总。"),
    columns=[
        Column(_("编号"), lambda p: p.reference, link=lambda p: PROJECTS.url("detail", p.pk), nowrap=True),
        Column(_("年度"), lambda p: p.year, numeric=True),
        Column(_("项目名称"), lambda p: p.name),
        Column(_("类别"), lambda p: p.category.name),
        Column(_("实施地点"), lambda p: p.place.name),
        Column(_("状态"), lambda p: p.get_status_display()),
        Column(_("项目个数"), lambda p: p.count_text, numeric=True, nowrap=True),
        Column(_("贫困户"), lambda p: p.poor_households, numeric=True),
        Column(_("贫困人口"), lambda p: p.poor_persons, numeric=True),
        Column(_("登记方式"), lambda p: p.get_basis_display()),
    ],
    fields=PROJECT_FIELDS,
    detail_fields=PROJECT_FIELDS,
    create=services.project_create,
    update=services.project_update,
    delete=services.project_delete,
    search=("reference", "name", "operating_model", "note"),
    filters=("year", "category", "status", "basis"),
    importer="projects",
    select_related=("category", "place", "helper_region", "pairing"),
))

STATUS_CHANGES = register_ledger(Ledger(
    model=ProjectStatusChange,
    slug="project-status",
    title=_("项目状态变更"),
    group=GROUP,
    order=21,
    description=_("项目逐级推进（不得跳过），由项目所在地一方登记；退回须由国家或省级协作办办理并写明原因。记录不能修改。"),
    columns=[
        Column(_("项目"), lambda c: c.project.name, link=_project_link),
        Column(_("原状态"), lambda c: c.get_from_status_display() or _("（登记）")),
        Column(_("新状态"), lambda c: c.get_to_status_display()),
        dated_column(_("日期"), "date"),
        Column(_("操作人"), lambda c: c.actor.get_full_name() or c.actor.username),
        Column(_("说明"), lambda c: c.note),
    ],
    fields=["project", "to_status", "date", "note"],
    create=services.status_change_create,
    update=None,  # a move is kept as made; a wrong one is corrected by a move back
    search=("project__name", "project__reference", "note"),
    filters=("to_status",),
    select_related=("project", "actor"),
))

OUTPUTS = register_ledger(Ledger(
    model=ProjectOutput,
    slug="project-outputs",
    title=_("项目产出"),
    group=GROUP,
    order=22,
    description=_("种植亩数、树苗株数、道路公里数等；单位统一换算。"),
    columns=[
        Column(_("项目"), lambda o: o.project.name, link=_project_link),
        Column(_("产出内容"), lambda o: o.what, link=lambda o: OUTPUTS.url("detail", o.pk)),
        Column(_("数量"), lambda o: o.quantity_text, numeric=True, nowrap=True),
        Column(_("备注"), lambda o: o.note),
    ],
    fields=["project", "what", "quantity", "unit", "source", "note"],
    create=services.output_create,
    update=services.output_update,
    delete=services.output_delete,
    search=("project__name", "project__reference", "what"),
    filters=("unit",),
    importer="project-outputs",
    select_related=("project",),
))

ALLOCATIONS = register_ledger(Ledger(
    model=FundAllocation,
    slug="fund-allocations",
    title=_("资金安排"),
    group=GROUP,
    order=23,
    description=_("哪笔资金用于哪个项目：一个项目可有多笔资金，一笔资金可用于多个项目；安排合计不超过该笔资金。"),
    columns=[
        Column(_("资金"), lambda a: a.fund.reference, link=lambda a: ALLOCATIONS.url("detail", a.pk), nowrap=True),
        Column(_("资金名称"), lambda a: a.fund.title),
        Column(_("项目"), lambda a: a.project.name, link=_project_link),
        Column(_("安排金额"), lambda a: _money(a.amount), numeric=True, nowrap=True),
    ],
    fields=["fund", "project", "amount", "source", "note"],
    create=services.allocation_create,
    update=services.allocation_update,
    delete=services.allocation_delete,
    search=("fund__reference", "fund__title", "project__name", "project__reference"),
    importer="fund-allocations",
    select_related=("fund", "project"),
))

BENEFIT_LINKS = register_ledger(Ledger(
    model=BenefitLink,
    slug="benefit-links",
    title=_("利益联结"),
    group=GROUP,
    order=24,
    description=_("项目带动农户增收的方式（流转租金、务工薪金、分红股金）和联结的户数、人数，贫困户单列。"),
    columns=[
        Column(_("项目"), lambda b: b.project.name, link=_project_link),
        Column(_("联结方式"), lambda b: b.get_mode_display(), link=lambda b: BENEFIT_LINKS.url("detail", b.pk)),
        Column(_("联结户数"), lambda b: b.households_text, numeric=True),
        Column(_("贫困户"), lambda b: b.poor_households, numeric=True),
        Column(_("贫困人口"), lambda b: b.poor_persons, numeric=True),
        Column(_("分红规则"), lambda b: b.rule.name if b.rule else ""),
    ],
    fields=["project", "mode", "households", "persons", "poor_households", "poor_persons", "basis", "qualifier", "rule", "source", "note"],
    create=services.benefit_link_create,
    update=services.benefit_link_update,
    delete=services.benefit_link_delete,
    search=("project__name", "project__reference", "note"),
    filters=("mode",),
    importer="benefit-links",
    select_related=("project", "rule"),
))

DISTRIBUTIONS = register_ledger(Ledger(
    model=Distribution,
    slug="distributions",
    title=_("收益分配"),
    group=GROUP,
    order=25,
    description=_("项目年度收益按分配规则（如622）分到村集体、再投入和每一户，精确到分，合计恰等于收益；明细和支付见详情。"),
    columns=[
        Column(_("分配编号"), lambda d: d.reference, link=lambda d: DISTRIBUTIONS.url("detail", d.pk), nowrap=True),
        Column(_("项目"), lambda d: d.project.name, link=_project_link),
        Column(_("年度"), lambda d: d.year, numeric=True),
        Column(_("可分配收益"), lambda d: format_money(d.profit), numeric=True, nowrap=True),
        Column(_("分配规则"), lambda d: d.rule.name),
        Column(_("分配户数"), lambda d: d.household_count, numeric=True),
    ],
    fields=["reference", "project", "year", "profit", "rule", "household_count", "weights", "source", "note"],
    create=services.distribution_create,
    update=services.distribution_update,
    delete=services.distribution_delete,
    search=("reference", "project__name", "project__reference"),
    filters=("year", "rule"),
    select_related=("project", "rule"),
))

PAYMENTS = register_ledger(Ledger(
    model=Payment,
    slug="payments",
    title=_("分配支付"),
    group=GROUP,
    order=26,
    description=_("按分配明细登记实际支付；尚欠金额由应分减已付得出，不另行登记。"),
    columns=[
        Column(_("分配明细"), lambda p: str(p.line), link=lambda p: PAYMENTS.url("detail", p.pk)),
        dated_column(_("支付日期"), "date"),
        Column(_("支付金额"), lambda p: format_money(p.amount), numeric=True, nowrap=True),
        Column(_("备注"), lambda p: p.note),
    ],
    fields=["line", "date", "amount", "note"],
    create=services.payment_create,
    update=services.payment_update,
    delete=services.payment_delete,
    search=("line__distribution__reference", "note"),
    select_related=("line", "line__distribution"),
))

ASSETS = register_ledger(Ledger(
    model=ProjectAsset,
    slug="project-assets",
    title=_("项目资产"),
    group=GROUP,
    order=27,
    description=_("项目形成的经营性、公益性和到户类资产，所有权人、价值和年度收益；经营性资产收益可进入收益分配。"),
    columns=[
        Column(_("编号"), lambda a: a.reference, link=lambda a: ASSETS.url("detail", a.pk), nowrap=True),
        Column(_("资产名称"), lambda a: a.name),
        Column(_("类别"), lambda a: a.get_asset_class_display()),
        Column(_("项目"), lambda a: a.project.name, link=_project_link),
        Column(_("所有权人"), lambda a: a.owner_name),
        Column(_("资产价值"), lambda a: a.value_text, numeric=True, nowrap=True),
    ],
    fields=ASSET_FIELDS,
    detail_fields=ASSET_FIELDS,
    create=services.asset_create,
    update=services.asset_update,
    delete=services.asset_delete,
    search=("reference", "name", "owner_name", "project__name"),
    filters=("asset_class",),
    importer="project-assets",
    select_related=("project",),
))

INCOMES = register_ledger(Ledger(
    model=AssetIncome,
    slug="asset-incomes",
    title=_("资产收益"),
    group=GROUP,
    order=28,
    description=_("资产的年度收益；经营性资产的收益可指明按哪次收益分配分给农户和村集体。"),
    columns=[
        Column(_("资产"), lambda i: i.asset.name, link=lambda i: INCOMES.url("detail", i.pk)),
        Column(_("年度"), lambda i: i.year, numeric=True),
        Column(_("收益"), lambda i: format_money(i.amount), numeric=True, nowrap=True),
        Column(_("收益分配"), lambda i: i.distribution.reference if i.distribution else ""),
    ],
    fields=["asset", "year", "amount", "distribution", "note"],
    create=services.asset_income_create,
    update=services.asset_income_update,
    delete=services.asset_income_delete,
    search=("asset__name", "asset__reference"),
    filters=("year",),
    select_related=("asset", "distribution"),
))
